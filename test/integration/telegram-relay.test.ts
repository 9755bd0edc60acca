import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatDeliverer } from '../../lambdas/adapters/chat-channels';
import { DynamoDeliveryLedger, DynamoTable, createDocumentClient } from '../../lambdas/adapters/dynamo';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { relayToChat, type ChatRelayDeps, type SnsDelivery } from '../../lambdas/app/chat-relay';
import { composeAlert } from '../../lambdas/core/alerting/messages';
import type { AlertEvent } from '../../lambdas/core/alerting/types';
import { protocolBodies } from '../../lambdas/core/channels/registry';
import { relayedChannels } from '../../lambdas/core/channels/relayed';
import type { AlertingConfig } from '../../lambdas/core/config';
import { quietLog } from '../support/alert-fixtures';
import { alertState } from '../support/engine-script';
import { FAIL_500, startBotApiStandIn, tooMany, type BotApiStandIn } from '../support/telegram-standin';

/**
 * The Telegram relay end to end but for SNS itself: the SNS message the notifier builds (its
 * `lambda` body), the relay cycle, the ledger on DynamoDB (dynalite) and the Bot API client
 * posting to a loopback stand-in. Each alert reaches the chat once: when SNS delivers the same
 * message twice, when the first post gets a 500 (the invocation fails and Lambda retries it), and
 * when it gets a 429 (the client waits retry_after and posts again).
 */

const TOKEN = '123456:TEST-token-never-logged';
const CHAT = '-1001234567890';
let dynamo: LocalDynamo;
let api: BotApiStandIn;
let tables = 0;

beforeAll(async () => {
  [dynamo, api] = await Promise.all([startLocalDynamo(), startBotApiStandIn()]);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), api?.close()]);
});

let deps: ChatRelayDeps;
let waits: number[];

beforeEach(async () => {
  api.reset();
  waits = [];
  const tableName = `chat-${++tables}`;
  await ensureTable(dynamo.client, tableName);
  const table = new DynamoTable(createDocumentClient(dynamo.client), { tableName, historyDays: 30 });
  const alerting: Pick<AlertingConfig, 'topics'> = {
    topics: {
      critical: { subscriptions: [{ protocol: 'telegram', endpoint: CHAT, tokenSecret: { secretsManager: 'pantau/telegram' }, apiBase: api.url }] },
      warning: { subscriptions: [] },
      info: { subscriptions: [] },
    },
  };
  const [channel] = relayedChannels(alerting);
  const deliverer = chatDeliverer(channel!, {
    secrets: async (ref) => ('secretsManager' in ref && ref.secretsManager === 'pantau/telegram' ? TOKEN : ''),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  deps = { channel: channel!.id, deliverer, ledger: new DynamoDeliveryLedger(table), log: quietLog };
});

function downAlert(subject = 'sirekap-web'): AlertEvent {
  const state = alertState({ subject, app: 'sirekap', status: 'down', label: 'pemilu2024.kpu.go.id' });
  return composeAlert(
    {
      kind: 'down',
      state,
      ts: '2026-11-24T03:45:00.000Z',
      timezone: 'Asia/Jakarta',
      regionCount: 3,
      topic: 'critical',
      dedupId: `${subject}/down/2026-11-24T03:45:00.000Z`,
      regions: ['ap-southeast-1', 'ap-southeast-3'],
      cause: 'timeout',
      reason: 'connect timeout after 5000 ms',
      since: '2026-11-24T03:42:00.000Z',
      incidentId: `${subject}@20261124T034200Z`,
      language: 'id',
      contact: { owner: 'Tim Sirekap', runbook: 'https://wiki.kpu.go.id/runbook/sirekap' },
    },
    'critical',
  );
}

/** The SNS → Lambda event for an alert, with the body the notifier publishes for Lambda subscribers. */
function snsEvent(alert: AlertEvent): SnsDelivery {
  return { Records: [{ Sns: { Message: protocolBodies(alert).lambda!, MessageId: 'm-1' } }] };
}

describe('the Telegram relay against a loopback Bot API', () => {
  it('posts sendMessage with the token in the path and the Indonesian text, owner and runbook in the body', async () => {
    const report = await relayToChat(snsEvent(downAlert()), deps);
    expect(report).toEqual({ delivered: ['sirekap-web/down/2026-11-24T03:45:00.000Z'], skipped: [] });
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(request!.body).toMatchObject({ chat_id: CHAT, disable_web_page_preview: true });
    const text = String(request!.body.text);
    expect(text.split('\n')[0]).toBe('DOWN Sirekap (pemilu2024.kpu.go.id): timeout dari 2/3 region sejak 10:42 WIB');
    expect(text).toContain('PIC: Tim Sirekap');
    expect(text).toContain('Runbook: https://wiki.kpu.go.id/runbook/sirekap');
  });

  it('delivers once when SNS delivers the same message twice', async () => {
    const event = snsEvent(downAlert());
    await relayToChat(event, deps);
    const again = await relayToChat(event, deps);
    expect(again).toEqual({ delivered: [], skipped: ['sirekap-web/down/2026-11-24T03:45:00.000Z'] });
    expect(api.delivered()).toHaveLength(1);
  });

  it('a 500 fails the run without a trace of the token; the retried run delivers it once', async () => {
    api.script.push(FAIL_500);
    const event = snsEvent(downAlert());
    const failure = await relayToChat(event, deps).then(
      () => null,
      (err: Error) => err,
    );
    expect(failure?.message).toBe(`Telegram sendMessage to ${CHAT} failed: HTTP 500: Internal Server Error`);
    expect(failure?.message).not.toContain(TOKEN);
    expect(api.delivered()).toHaveLength(0);
    await relayToChat(event, deps); // Lambda's retry
    await relayToChat(event, deps); // and a late SNS redelivery
    expect(api.requests).toHaveLength(2);
    expect(api.delivered()).toHaveLength(1);
  });

  it('a 429 waits the retry_after Telegram asks for, then posts once', async () => {
    api.script.push(tooMany(3));
    await relayToChat(snsEvent(downAlert()), deps);
    expect(waits).toEqual([3_000]);
    expect(api.requests).toHaveLength(2);
    expect(api.delivered()).toHaveLength(1);
  });

  it('a 429 asking for longer than the relay can wait fails the run, for Lambda to retry later', async () => {
    api.script.push(tooMany(120));
    const event = snsEvent(downAlert());
    await expect(relayToChat(event, deps)).rejects.toThrow('HTTP 429: Too Many Requests: retry after 120 (retry after 120 s)');
    expect(waits).toEqual([]);
    await relayToChat(event, deps);
    expect(api.delivered()).toHaveLength(1);
  });

  it('different alerts each go out once, in the order SNS delivered them', async () => {
    for (const subject of ['sirekap-web', 'sirekap-api', 'sirekap-web']) await relayToChat(snsEvent(downAlert(subject)), deps);
    expect(api.delivered().map((t) => t.split('\n')[0]!.split(' ')[1])).toEqual(['Sirekap', 'Sirekap']);
    expect(api.requests.map((r) => String(r.body.text).match(/ID alert: (\S+)/)?.[1])).toEqual([
      'sirekap-web/down/2026-11-24T03:45:00.000Z',
      'sirekap-api/down/2026-11-24T03:45:00.000Z',
    ]);
  });
});
