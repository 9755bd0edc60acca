import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DESCRIPTIVE_ATTRIBUTES,
  FILTER_ATTRIBUTES,
  MESSAGE_ATTRIBUTE_NAMES,
  MESSAGE_ATTRIBUTE_TYPES,
} from '../../../lambdas/contracts/message-attributes';
import { TOPIC_NAMES, topicEnvVar, type TopicName } from '../../../lambdas/contracts/topics';
import type { TopicName as ConfigTopicName } from '../../../lambdas/core/config';
import { messageAttributes, topicArnsFromEnv } from '../../../lambdas/adapters/sns-notifier';
import type { AlertEvent } from '../../../lambdas/core/alerting/types';
import { parseConfig } from '../../../lib/config/load';
import { toFilterPolicy } from '../../../lib/constructs/alerting';
import { filterAccepts, type FilterPolicy } from '../../support/sns-filter';
import { problemsOf } from '../../support/config-problems';

/**
 * The SNS message attributes are one contract with three readers: the notifier sends them, the
 * config accepts subscription filters on them, and the CDK app turns those filters into SNS
 * filter policies. A name that differs anywhere is a subscription that silently gets nothing.
 */

/** An alert carrying every optional attribute, so the notifier sends the full set. */
const everything: AlertEvent = {
  kind: 'down',
  target: 'web',
  app: 'sirekap',
  severity: 'critical',
  topic: 'critical',
  incidentId: 'web@20261124T030000Z',
  ts: '2026-11-24T03:02:00.000Z',
  subject: '[Pantau] DOWN web',
  message: 'DOWN Sirekap (a.example): timeout from 1/2 regions since 10:00 WIB',
  regions: ['ap-southeast-3'],
  dedupId: 'web/down/2026-11-24T03:02:00.000Z',
  domain: 'uptime',
  confirmation: { by: 1, of: 2, needed: 2, absent: [{ region: 'ap-southeast-1', state: 'silent', forMs: 120_000 }] },
  // Security alerts only, but this alert carries every attribute.
  finding: 'defacement',
  state: 'open',
  evidence: '"hacked by" in <title>',
};

/** A value of each filter attribute that this config knows and `everything` carries. */
const matching: Record<(typeof FILTER_ATTRIBUTES)[number], string> = {
  severity: 'critical',
  app: 'sirekap',
  target: 'web',
  kind: 'down',
  region: 'ap-southeast-3',
  finding: 'defacement',
};

const configWithFilter = (key: string, value: string) => `
regions: { home: ap-southeast-3, probes: [ap-southeast-3, ap-southeast-1] }
alerting:
  topics:
    critical:
      subscriptions: [{ protocol: email, endpoint: noc@example.com, filter: { ${key}: ["${value}"] } }]
targets: [{ id: web, app: sirekap, url: "https://a.example/", severity: critical }]
`;

describe('SNS message attributes', () => {
  it('the notifier sends exactly the contract names, each with its contract type', () => {
    const sent = messageAttributes(everything);
    expect(Object.keys(sent).sort()).toEqual([...MESSAGE_ATTRIBUTE_NAMES].sort());
    for (const [name, value] of Object.entries(sent)) {
      expect(value?.DataType, name).toBe(MESSAGE_ATTRIBUTE_TYPES[name as keyof typeof MESSAGE_ATTRIBUTE_TYPES]);
    }
  });

  it('filter attributes and descriptive attributes do not overlap', () => {
    expect(FILTER_ATTRIBUTES.filter((a) => (DESCRIPTIVE_ATTRIBUTES as readonly string[]).includes(a))).toEqual([]);
  });

  it.each(FILTER_ATTRIBUTES.map((a) => [a]))('a "%s" filter the config accepts becomes a policy the sent attributes satisfy', (key) => {
    const config = parseConfig(configWithFilter(key, matching[key]));
    const subscription = config.alerting.topics.critical.subscriptions[0]!;
    expect(subscription.filter).toEqual({ [key]: [matching[key]] });

    const policy = toFilterPolicy(subscription.filter, 'alerting.topics.critical');
    const asPolicy: FilterPolicy = Object.fromEntries(Object.entries(policy ?? {}).map(([name, f]) => [name, f.conditions as string[]]));
    expect(Object.keys(asPolicy)).toEqual([key]);
    expect(filterAccepts(asPolicy, messageAttributes(everything))).toBe(true);
    // The same policy refuses an alert with another value: the attribute is really compared.
    expect(filterAccepts({ [key]: ['something-else'] }, messageAttributes(everything))).toBe(false);
  });

  it.each(DESCRIPTIVE_ATTRIBUTES.map((a) => [a]))('a "%s" filter is refused by the config and by the CDK app alike', (key) => {
    expect(problemsOf(() => parseConfig(configWithFilter(key, 'x'))).join('\n')).toContain(key);
    expect(() => toFilterPolicy({ [key]: ['x'] }, 'alerting.topics.critical')).toThrow(
      `filter key "${key}" is not a message attribute; use one of ${FILTER_ATTRIBUTES.join(', ')}`,
    );
  });
});

describe('alert topics', () => {
  it('the config and the contract name the same topics', () => {
    expectTypeOf<TopicName>().toEqualTypeOf<ConfigTopicName>();
    expect(Object.keys(parseConfig(configWithFilter('app', 'sirekap')).alerting.topics).sort()).toEqual([...TOPIC_NAMES].sort());
  });

  it('the notifier reads each topic ARN from the variable the CDK app sets', () => {
    const env = Object.fromEntries(TOPIC_NAMES.map((t) => [topicEnvVar(t), `arn:aws:sns:ap-southeast-3:123456789012:pantau-${t}`]));
    expect(topicArnsFromEnv(env)).toEqual({
      critical: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-critical',
      warning: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-warning',
      info: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-info',
    });
    expect(topicEnvVar('critical')).toBe('TOPIC_ARN_CRITICAL');
  });
});
