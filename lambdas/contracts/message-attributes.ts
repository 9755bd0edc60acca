/**
 * The SNS message attributes alerts are published with, and the subset a subscription filter may
 * name. The notifier sends them; the config schema and the CDK filter policies accept exactly the
 * filter attributes: all from this one list.
 *
 * Only the filter attributes are offered to subscriptions. Of the others, `dedupId` and
 * `incidentId` identify one alert, `confirmedBy` is on some messages only (SNS drops a message
 * lacking an attribute its subscription filters on), and `domain` is for consumers: teams filter
 * Pantau's own alarms by `app`, which is the project for them. `finding` is on security alerts
 * only, so a `finding` filter is also a "security alerts only" filter; `state` and `evidence`
 * ride with it for consumers.
 */

/** SNS attribute data types Pantau uses: `String.Array` matches a filter when any element does. */
export type MessageAttributeType = 'String' | 'String.Array';

export const FILTER_ATTRIBUTES = ['severity', 'app', 'target', 'kind', 'region', 'finding'] as const;
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

/** Sent for consumers (dedup, incident links, routing by domain), not offered to filters. */
export const DESCRIPTIVE_ATTRIBUTES = ['dedupId', 'domain', 'incidentId', 'confirmedBy', 'state', 'evidence'] as const;
export type DescriptiveAttribute = (typeof DESCRIPTIVE_ATTRIBUTES)[number];

export type MessageAttributeName = FilterAttribute | DescriptiveAttribute;

export const MESSAGE_ATTRIBUTE_NAMES: readonly MessageAttributeName[] = [...FILTER_ATTRIBUTES, ...DESCRIPTIVE_ATTRIBUTES];

export const MESSAGE_ATTRIBUTE_TYPES: Readonly<Record<MessageAttributeName, MessageAttributeType>> = {
  severity: 'String',
  app: 'String',
  target: 'String',
  kind: 'String',
  // Every region that saw the transition: a filter `region: [ap-southeast-1]` matches any of them.
  region: 'String.Array',
  dedupId: 'String',
  domain: 'String',
  incidentId: 'String',
  confirmedBy: 'String',
  // Security alerts only: the finding kind (a security team routes on it), open / resolved, what was seen.
  finding: 'String',
  state: 'String',
  evidence: 'String',
};

export function isFilterAttribute(name: string): name is FilterAttribute {
  return (FILTER_ATTRIBUTES as readonly string[]).includes(name);
}
