import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { capacityPk } from './keys';

/**
 * The capacity resources of a site that have a state item in the table. A node-exporter preset
 * discovers its filesystems and network devices at run time, so only the table knows their
 * names. A Scan: meant for the local preview over the embedded store (a few hundred items), not
 * for a Lambda over the deployed table.
 */
export async function storedCapacityResources(doc: DynamoDBDocumentClient, tableName: string, site: string): Promise<string[]> {
  const prefix = capacityPk(site, '');
  const names: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :prefix) AND sk = :state',
        ExpressionAttributeValues: { ':prefix': prefix, ':state': 'STATE' },
        ProjectionExpression: 'pk',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) names.push(String(item.pk).slice(prefix.length));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return names.sort();
}
