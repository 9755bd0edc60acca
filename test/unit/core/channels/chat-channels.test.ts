import { describe, expect, it } from 'vitest';
import { customNotification } from '../../../../lambdas/core/channels/chatbot';
import { channelTakes, passesFilter, relayedChannels } from '../../../../lambdas/core/channels/relayed';
import { CHANNELS, endpointProblem, isRelayed } from '../../../../lambdas/core/channels/registry';
import { retryAfterSeconds } from '../../../../lambdas/core/channels/telegram';
import type { AlertingConfig } from '../../../../lambdas/core/config';
import { chatRelayDeps } from '../../../../lambdas/roots/chat';
import { alertOf } from '../../../support/message-cases';

/** The chat descriptors, the grouping of chat subscriptions into channels, and SNS-style filters. */

const TOKEN = { secretsManager: 'pantau/telegram-bot' };
const alerting: Pick<AlertingConfig, 'topics'> = {
  topics: {
    critical: {
      subscriptions: [
        { protocol: 'email', endpoint: 'noc@kpu.go.id' },
        { protocol: 'telegram', endpoint: '-100123', tokenSecret: TOKEN, filter: { app: ['sirekap'] } },
      ],
    },
    warning: { subscriptions: [{ protocol: 'telegram', endpoint: '-100123', tokenSecret: TOKEN, filter: { kind: ['down'] } }] },
    info: { subscriptions: [] },
  },
};

describe('chat channels', () => {
  it('are relayed, not SNS-delivered, and check their endpoints with the fix', () => {
    for (const type of ['telegram', 'slack', 'teams']) {
      expect(isRelayed(type)).toBe(true);
      expect(CHANNELS[type as 'telegram'].snsProtocol).toBeUndefined();
    }
    expect(isRelayed('email')).toBe(false);
    expect(endpointProblem('telegram', '-1001234567890')).toBeNull();
    expect(endpointProblem('telegram', '@kpu_noc')).toBeNull();
    expect(endpointProblem('slack', '#noc')).toMatch(/is not a Slack channel id — write the id from the channel's details/);
    expect(endpointProblem('teams', '19%3Aabc123%40thread.tacv2')).toBeNull();
    expect(endpointProblem('teams', 'General')).toMatch(/is not a Microsoft Teams channel id/);
  });

  it('one channel per chat, fed by every topic it is listed under with that entry’s filter', () => {
    const channels = relayedChannels(alerting);
    expect(channels).toEqual([
      {
        id: 'telegram:-100123',
        subscription: alerting.topics.critical.subscriptions[1],
        feeds: [
          { topic: 'critical', filter: { app: ['sirekap'] } },
          { topic: 'warning', filter: { kind: ['down'] } },
        ],
      },
    ]);
    const down = alertOf('down');
    expect(channelTakes(channels[0]!, down)).toBe(true);
    expect(channelTakes(channels[0]!, { ...down, app: 'kpu' })).toBe(false);
    expect(channelTakes(channels[0]!, { ...down, app: 'kpu', topic: 'warning' })).toBe(true);
    expect(channelTakes(channels[0]!, { ...down, topic: 'info' })).toBe(false);
  });

  it('filters as SNS does: every attribute must match, a region filter matches any region', () => {
    const down = alertOf('down');
    expect(passesFilter(down, undefined)).toBe(true);
    expect(passesFilter(down, { region: ['ap-southeast-3'], severity: ['critical'] })).toBe(true);
    expect(passesFilter(down, { region: ['us-east-1'] })).toBe(false);
    expect(passesFilter(down, { kind: ['recovered'], app: ['sirekap'] })).toBe(false);
  });

  it('the Chatbot custom notification: schema 1.0, headline as title, runbook as next step, one thread per incident', () => {
    const e = alertOf('down', { language: 'both', contact: { owner: 'Tim Sirekap', runbook: 'https://wiki.kpu.go.id/r' } });
    expect(customNotification(e)).toEqual({
      version: '1.0',
      source: 'custom',
      id: e.dedupId,
      content: {
        textType: 'client-markdown',
        title: e.message,
        description: [e.altMessage, 'PIC: Tim Sirekap', 'Runbook: https://wiki.kpu.go.id/r', `Insiden: ${e.incidentId}`, `ID alert: ${e.dedupId}`].join('\n'),
        nextSteps: ['https://wiki.kpu.go.id/r'],
        keywords: ['critical', 'sirekap', 'down'],
      },
      metadata: {
        threadId: e.incidentId,
        summary: e.subject,
        eventType: 'pantau-down',
        additionalContext: { dedupId: e.dedupId, target: 'sirekap-web', app: 'sirekap' },
      },
    });
  });

  it('reads retry_after from a 429 reply only when Telegram gives a number', () => {
    expect(retryAfterSeconds({ ok: false, parameters: { retry_after: 7 } })).toBe(7);
    expect(retryAfterSeconds({ ok: false })).toBeUndefined();
    expect(retryAfterSeconds({ parameters: { retry_after: '7' } })).toBeUndefined();
    expect(retryAfterSeconds(null)).toBeUndefined();
  });
});

describe('the chat relay root', () => {
  const shared = { table: {} as never, secrets: async () => 'token', log: { info() {}, warn() {}, error() {} }, homeRegion: 'ap-southeast-3' };
  const config = { alerting } as never;

  it('finds its channel by CHAT_CHANNEL in the bundled config', () => {
    expect(chatRelayDeps({ CHAT_CHANNEL: 'telegram:-100123' }, config, shared).deliverer.channel).toBe('telegram:-100123');
  });

  it('a missing or unknown channel is a deployment bug, said loudly', () => {
    expect(() => chatRelayDeps({}, config, shared)).toThrow('environment variable CHAT_CHANNEL is not set');
    expect(() => chatRelayDeps({ CHAT_CHANNEL: 'telegram:-999' }, config, shared)).toThrow(
      'CHAT_CHANNEL=telegram:-999 names no chat subscription in the bundled config',
    );
  });
});
