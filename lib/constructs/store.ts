import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { tableName } from './naming';

/** Attribute DynamoDB's TTL reads (epoch seconds); lambdas/adapters/dynamo-store.ts writes it. */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface StoreProps {
  config: ResolvedConfig;
  /** RETAIN by default: history, state and incidents outlive a `cdk destroy`. */
  removalPolicy?: RemovalPolicy;
}

/**
 * The single DynamoDB table (one table for every item type, keyed by pk/sk strings), on-demand, point-in-time
 * recovery, TTL on history, encrypted with the AWS-managed key. One authoritative table in the
 * home region — conditional writes on the state item decide who publishes an alert, which a
 * global table (last writer wins per replica) could not guarantee. Its name is deterministic so
 * probe stacks in other regions can reach it without cross-stack references.
 */
export class Store extends Construct {
  readonly table: dynamodb.Table;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: StoreProps) {
    super(scope, id);
    this.tableName = tableName(props.config);
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: this.tableName,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // AWS-managed key (aws/dynamodb): encrypted at rest and usable by probe roles in every
      // region through IAM alone; a customer-managed key would need a cross-region key grant.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      deletionProtection: (props.removalPolicy ?? RemovalPolicy.RETAIN) === RemovalPolicy.RETAIN,
    });
  }
}
