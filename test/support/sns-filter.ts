import type { MessageAttributeValue } from '@aws-sdk/client-sns';

/**
 * A small SNS subscription filter-policy matcher (attribute-based policies), enough to assert
 * that a published message reaches a filtered subscription: every key of the policy must name
 * an attribute of the message, and one of its values must match (exact string, or `{prefix}`).
 * A `String.Array` attribute matches when any of its elements does, as in SNS. An attribute
 * the message lacks never matches, which is why a CloudWatch alarm action (no attributes at
 * all) reaches no filtered subscription.
 */
export type FilterPolicy = Record<string, Array<string | { prefix: string }>>;

export function filterAccepts(policy: FilterPolicy, attributes: Record<string, MessageAttributeValue> | undefined): boolean {
  return Object.entries(policy).every(([name, allowed]) => {
    const attribute = attributes?.[name];
    if (!attribute?.StringValue) return false;
    const values = attribute.DataType === 'String.Array' ? (JSON.parse(attribute.StringValue) as unknown[]).map(String) : [attribute.StringValue];
    return values.some((v) => allowed.some((a) => (typeof a === 'string' ? a === v : v.startsWith(a.prefix))));
  });
}
