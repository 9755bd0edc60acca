import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertingConfig, ResolvedConfig } from '../../lambdas/core/config';
import { ControlTowerValidator } from '../../lib/stacks/control-tower';
import { buildApp, sampleConfig } from './cdk-app';

/**
 * The chat relays in the monitor stack: one Lambda per chat channel subscribed to its topics with
 * the subscription's filter, the bot token's secret granted, the ledger's table actions only,
 * the alarmed drop queues, and a Chatbot channel configuration for Slack and Teams.
 */

const TEAM = '8f2e3c1a-1b2c-4d5e-8f90-123456789abc';
const TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function chatConfig(): ResolvedConfig {
  // One region: the relays live in the monitor stack only, and one stack less to synthesize.
  const base = sampleConfig({ regions: ['ap-southeast-3'] });
  const alerting: AlertingConfig = {
    ...base.alerting,
    topics: {
      critical: {
        subscriptions: [
          { protocol: 'email', endpoint: 'noc@kpu.go.id' },
          { protocol: 'telegram', endpoint: '-1001234567890', tokenSecret: { secretsManager: 'pantau/telegram-bot' }, filter: { app: ['sirekap'] } },
          { protocol: 'slack', endpoint: 'C0123ABCDE', workspace: 'T0123ABCD' },
        ],
      },
      warning: {
        subscriptions: [
          { protocol: 'telegram', endpoint: '-1001234567890', tokenSecret: { secretsManager: 'pantau/telegram-bot' } },
          { protocol: 'teams', endpoint: '19:abc123@thread.tacv2', team: TEAM, tenant: TENANT },
        ],
      },
      info: { subscriptions: [] },
    },
  };
  return { ...base, alerting };
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
let template: Template;
let resources: Resources;
const dirs: string[] = [];

beforeAll(() => {
  const outdir = mkdtempSync(join(tmpdir(), 'pantau-chat-'));
  dirs.push(outdir);
  const { app, stacks } = buildApp(chatConfig(), { nag: true, outdir });
  app.synth(); // once: the template, the nag findings and the Control Tower check all read it
  template = Template.fromStack(stacks.monitor);
  resources = template.toJSON().Resources as Resources;
  const findings = [
    ...Annotations.fromStack(stacks.monitor).findError('*', Match.stringLikeRegexp('AwsSolutions-')),
    ...Annotations.fromStack(stacks.monitor).findWarning('*', Match.stringLikeRegexp('AwsSolutions-')),
  ];
  nag = findings.map((f) => `${f.id}: ${String(f.entry.data).split(':')[0]}`);
  const templatePaths = readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => join(outdir, f));
  controlTower = new ControlTowerValidator().validate({ templatePaths, stackTemplates: [], appConstruct: app }).violations.map(
    (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
  );
}, 300_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
let nag: string[] = [];
let controlTower: string[] = [];

const relayIds = () => Object.keys(resources).filter((id) => resources[id]!.Type === 'AWS::Lambda::Function' && id.startsWith('ChatRelay'));

describe('chat relays', () => {
  it('builds one relay per chat channel (a chat under two topics is one), naming its channel', () => {
    expect(relayIds()).toHaveLength(3);
    const channels = relayIds().map((id) => (resources[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables.CHAT_CHANNEL);
    expect(channels.sort()).toEqual(['slack:C0123ABCDE', 'teams:19:abc123@thread.tacv2', 'telegram:-1001234567890']);
  });

  it('subscribes the Telegram relay to both of its topics, with the filter written on each entry', () => {
    const subs = Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'lambda');
    // telegram ×2, slack, teams
    expect(subs).toHaveLength(4);
    const filtered = subs.filter((s) => s.Properties.FilterPolicy);
    expect(filtered.map((s) => s.Properties.FilterPolicy)).toEqual([{ app: ['sirekap'] }]);
    for (const s of subs) expect(s.Properties.RedrivePolicy).toBeDefined();
    // No SNS subscription of their own: the relays carry them.
    expect(Object.values(resources).filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol !== 'lambda')).toHaveLength(1);
  });

  it('grants the Telegram relay the bot token secret and only the ledger actions on the table', () => {
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('ChatRelay'));
    const statements = policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement);
    const secret = statements.filter((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(secret).toHaveLength(1);
    expect(JSON.stringify(secret[0]!.Resource)).toContain(':secret:pantau/telegram-bot-??????');
    const table = statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:'));
    for (const s of table) expect(s.Action).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('configures AWS Chatbot for Slack and Teams on their own encrypted topic, with a deny-all guardrail', () => {
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCDE',
      LoggingLevel: 'ERROR',
      UserRoleRequired: false,
      SnsTopicArns: [Match.objectLike({ Ref: Match.stringLikeRegexp('^ChatChatbot') })],
    });
    template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      TeamId: TEAM,
      TeamsTenantId: TENANT,
      TeamsChannelId: '19%3Aabc123%40thread.tacv2',
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
    });
    const chatTopics = Object.entries(resources).filter(([id, r]) => r.Type === 'AWS::SNS::Topic' && id.startsWith('ChatChatbot'));
    expect(chatTopics).toHaveLength(2);
    for (const [, t] of chatTopics) expect(t.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('alarms both drop queues', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('chat-undelivered-dropped') });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('chat-failed-dropped') });
  });

  it('leaves cdk-nag and the Control Tower controls nothing unacknowledged', () => {
    expect(nag).toEqual([]);
    expect(controlTower).toEqual([]);
  });
});
