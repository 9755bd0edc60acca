import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

/**
 * Where Pantau's dropped events land, so that a drop is visible instead of silent: the
 * dead-letter queue of a schedule group (Scheduler could not deliver a round in time), the
 * on-failure destination of a function (Lambda dropped an event that waited too long, or the
 * invocation failed) and the dead-letter queue of the alarm relay's rule. Each one is alarmed
 * (`ApproximateNumberOfMessagesVisible ≥ 1`, lib/constructs/self-watch.ts).
 *
 * 14 days (SQS's maximum) so that a drop over a long weekend can still be read; SQS-managed
 * encryption because the producers (Scheduler, Lambda, EventBridge) need no key grant for it.
 */
export const DROP_RETENTION = Duration.days(14);

export function dropQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DROP_RETENTION,
  });
  NagSuppressions.addResourceSuppressions(queue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: 'This queue IS a dead-letter queue (a Scheduler DLQ, a Lambda on-failure destination or an EventBridge target DLQ, which cdk-nag does not recognise as such); it is alarmed and read by people, not consumed.',
    },
  ]);
  return queue;
}
