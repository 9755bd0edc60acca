import { describe, expect, it } from 'vitest';
import { CHANNELS, channelTypes, endpointProblem, protocolBodies } from '../../../../lambdas/core/channels/registry';
import type { ChannelDescriptor, ChannelRegistry } from '../../../../lambdas/core/channels/descriptor';
import type { AlertEvent } from '../../../../lambdas/core/alerting/types';
import { resolveAlerting, type FilterVocabulary } from '../../../../lib/config/alerting';
import { Problems } from '../../../../lib/config/problems';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { toTopicSubscription } from '../../../../lib/constructs/alerting';

const alert: AlertEvent = {
  kind: 'down',
  target: 'sirekap-web',
  app: 'sirekap',
  severity: 'critical',
  topic: 'critical',
  incidentId: 'sirekap-web@20261124T030000Z',
  ts: '2026-11-24T03:00:00.000Z',
  subject: '[Pantau] DOWN Sirekap',
  message: 'DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:00 WIB',
  regions: ['ap-southeast-1', 'ap-southeast-3'],
  dedupId: 'sirekap-web#down#1',
  body: 'DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:00 WIB\n\nTarget: sirekap-web',
};

/** A channel no build ships: a pager that takes a pager id and gets `PAGE <first line>`. */
const pager: ChannelDescriptor = {
  checkEndpoint: (value) => (/^P-\d{4}$/.test(value) ? null : `${JSON.stringify(value)} is not a pager id — write e.g. P-1234`),
  render: (event) => `PAGE ${event.message}`,
};
const withPager: ChannelRegistry = { ...CHANNELS, pager };

const vocabulary: FilterVocabulary = { apps: new Set(['sirekap']), targets: new Set(['sirekap-web']), regions: ['ap-southeast-3'] };

function resolve(subscriptions: unknown[], registry?: ChannelRegistry) {
  const problems = new Problems();
  const config = resolveAlerting({ topics: { critical: { subscriptions } } }, vocabulary, problems, registry);
  return { config, problems: problems.list.map((p) => p.message) };
}

describe('built-in channels', () => {
  it('are email, sms, https and the chat channels, in that order (the order "use one of" lists them)', () => {
    expect(channelTypes()).toEqual(['email', 'sms', 'https', 'telegram', 'slack', 'teams']);
  });

  it('each checks its own endpoint and names the fix', () => {
    expect(endpointProblem('email', 'noc@example.com')).toBeNull();
    expect(endpointProblem('email', 'noc-at-kpu.go.id')).toMatch(/is not an email address — write e\.g\. noc@example\.com$/);
    expect(endpointProblem('sms', '+6281234567890')).toBeNull();
    expect(endpointProblem('sms', '0812 3456 7890')).toMatch(/is not an E\.164 phone number — write \+ country code/);
    expect(endpointProblem('https', 'https://chat.example.com/hook')).toBeNull();
    expect(endpointProblem('https', 'http://chat.example.com/hook')).toMatch(/is not an https:\/\/ URL/);
    expect(endpointProblem('https', 'https:///hook')).toMatch(/has no host/);
  });

  it('render the SNS bodies: full text for email and default, the short line for SMS, JSON for HTTPS and the chat relays', () => {
    const bodies = protocolBodies(alert);
    expect(Object.keys(bodies).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sms']);
    expect(bodies.lambda).toBe(bodies.https);
    expect(bodies.email).toBe(alert.body);
    expect(bodies.default).toBe(alert.body);
    expect(bodies.sms).toBe(alert.message); // ASCII and short already
    expect(JSON.parse(bodies.https!)).toMatchObject({ kind: 'down', dedupId: alert.dedupId, message: alert.message });
  });
});

describe('a registered channel type (registry passed as a parameter)', () => {
  it('is refused by the built-in registry and accepted by one that registers it', () => {
    expect(resolve([{ protocol: 'pager', endpoint: 'P-1234' }]).problems).toEqual(['"pager" is not allowed — use one of email, sms, https, telegram, slack, teams']);
    const { config, problems } = resolve([{ protocol: 'pager', endpoint: 'P-1234' }], withPager);
    expect(problems).toEqual([]);
    expect(config!.topics.critical.subscriptions).toEqual([{ protocol: 'pager', endpoint: 'P-1234' }]);
  });

  it("validates the endpoint with the channel's own check and lists it among the types", () => {
    expect(resolve([{ protocol: 'pager', endpoint: '555-0100' }], withPager).problems).toEqual(['"555-0100" is not a pager id — write e.g. P-1234']);
    expect(resolve([{ protocol: 'fax', endpoint: 'x' }], withPager).problems).toEqual(['"fax" is not allowed — use one of email, sms, https, telegram, slack, teams, pager']);
    // The built-in checks still apply next to it.
    expect(resolve([{ protocol: 'sms', endpoint: '0812' }], withPager).problems[0]).toMatch(/is not an E\.164 phone number/);
  });

  it('renders its body from its descriptor; only SNS-delivered channels go into the SNS message', () => {
    expect(withPager.pager!.render(alert)).toBe(`PAGE ${alert.message}`);
    expect(Object.keys(protocolBodies(alert, withPager)).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sms']);
    const viaSns: ChannelRegistry = { ...CHANNELS, pager: { ...pager, snsProtocol: 'sms' } };
    expect(protocolBodies(alert, viaSns).sms).toBe(`PAGE ${alert.message}`);
  });

  it('delivered by SNS: its body goes into the SNS message under its protocol and it gets that subscription', () => {
    const emailJson: ChannelRegistry = { ...CHANNELS, 'email-json': { ...pager, snsProtocol: 'email-json', checkEndpoint: () => null } };
    expect(protocolBodies(alert, emailJson)['email-json']).toBe(`PAGE ${alert.message}`);
    const subscription = { protocol: 'email-json', endpoint: 'noc@example.com' } as unknown as Parameters<typeof toTopicSubscription>[0];
    expect(toTopicSubscription(subscription, 'alerting.topics.critical', emailJson)).toBeInstanceOf(subs.EmailSubscription);
  });

  it('is not turned into an SNS subscription when SNS does not deliver it', () => {
    const subscription = { protocol: 'pager', endpoint: 'P-1234' } as unknown as Parameters<typeof toTopicSubscription>[0];
    expect(() => toTopicSubscription(subscription, 'alerting.topics.critical', withPager)).toThrow(
      'alerting.topics.critical: subscription protocol "pager" is not delivered by SNS; use one of email, sms, https',
    );
  });
});
