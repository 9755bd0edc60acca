import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { resultKey } from '../../lambdas/adapters/dynamo/keys';
import { makeResult } from '../support/results';
import { monitorTemplate, sampleConfig } from './cdk-app';

describe('Store construct (DynamoDB single table)', () => {
  let template: Template;
  beforeAll(() => {
    template = monitorTemplate(sampleConfig());
  });

  it('has string keys pk/sk, on-demand billing, PITR, SSE and a deterministic name', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'pantau-state',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('is retained (and deletion-protected) when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtectionEnabled: true },
    });
  });

  describe('TTL attribute matches what the store writes', () => {
    let local: LocalDynamo;
    beforeAll(async () => {
      local = await startLocalDynamo();
      await ensureTable(local.client, 'pantau-state');
    });
    afterAll(async () => {
      await local?.close();
    });

    it('a history item carries the TTL attribute as epoch seconds historyDays ahead', async () => {
      const ttlAttribute = (Object.values(template.findResources('AWS::DynamoDB::Table'))[0]!.Properties as {
        TimeToLiveSpecification: { AttributeName: string };
      }).TimeToLiveSpecification.AttributeName;
      const store = new DynamoStore(createDocumentClient(local.client), { tableName: 'pantau-state', historyDays: 30 });
      const result = makeResult({ target: 'kpu-www', ts: '2026-11-24T03:00:00.000Z', region: 'ap-southeast-3' });
      await store.saveResults([result]);

      const key = resultKey(result.target, result.ts, result.region);
      const out = await local.client.send(
        new GetItemCommand({ TableName: 'pantau-state', Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
      );
      const ttl = out.Item?.[ttlAttribute]?.N;
      expect(ttl).toBeDefined();
      expect(Number(ttl)).toBe(Date.parse(result.ts) / 1000 + 30 * 86_400);
    });
  });
});
