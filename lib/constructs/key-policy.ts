import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Denies kms:CreateGrant unless the grant is for an AWS resource or the caller is an AWS service,
 * the exact statement Control Tower's CT.KMS.PR.3 looks for. A grant lets its holder use the key
 * without the key policy saying so; nothing in Pantau creates one, so only AWS services
 * (which create grants on a resource's behalf) keep the ability.
 */
export function limitGrantsToAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'LimitGrantsToAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
}
