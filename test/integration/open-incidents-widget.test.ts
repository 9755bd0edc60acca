import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, DynamoStore } from '../../lambdas/adapters/dynamo-store';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import { targetSubject } from '../../lambdas/ports';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { useHandlerEnv } from '../support/handler-env';

/**
 * The overview's open-incidents custom widget as deployed: the handler module reads the table
 * (dynalite) with the bundled config and returns the HTML CloudWatch draws. Only open incidents,
 * every value from the table escaped, the runbook linked.
 */

const TABLE = 'widget-test';
const config = makeConfig({
  targets: [
    makeTarget({ id: 'sirekap-web', app: 'sirekap', url: 'https://sirekap.kpu.go.id/', severity: 'critical', runbook: 'https://wiki.kpu.go.id/runbooks/sirekap' }),
    makeTarget({ id: 'silon-api', app: 'silon', url: 'https://silon.kpu.go.id/' }),
  ],
});
let dynamo: LocalDynamo;

const incident = (subject: string, app: string, start: string, status: 'open' | 'closed', cause: string) => ({
  id: `${subject}@${start}`,
  subject,
  app,
  domain: 'uptime',
  severity: 'critical',
  status,
  start,
  end: status === 'closed' ? '2026-11-24T03:10:00.000Z' : null,
  durationMs: status === 'closed' ? 600_000 : null,
  cause,
  regions: ['ap-southeast-3'],
  alertsSent: 1,
  maintenance: null,
  ack: null,
  notes: [],
});

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureTable(dynamo.client, TABLE);
  const store = new DynamoStore(createDocumentClient(dynamo.client), { tableName: TABLE, historyDays: 30 });
  await store.projectIncident(targetSubject('sirekap-web'), incident('sirekap-web', 'sirekap', '2026-11-24T03:00:00.000Z', 'closed', 'timeout'), 1);
  await store.projectIncident(targetSubject('sirekap-web'), incident('sirekap-web', 'sirekap', '2026-11-24T04:00:00.000Z', 'open', '<script>alert(1)</script>'), 2);
  await store.projectIncident(targetSubject('silon-api'), { ...incident('silon-api', 'silon', '2026-11-24T04:30:00.000Z', 'open', 'status'), ack: { by: 'ana & "budi"', ts: '2026-11-24T04:35:00.000Z' } }, 1);
  useHandlerEnv(config, { table: TABLE, dynamoEndpoint: dynamo.endpoint });
}, 60_000);
afterAll(async () => dynamo.close());

describe('open incidents widget', () => {
  it('returns the open incidents only, newest first, escaped, with the runbook link', async () => {
    const { render } = await import('../../lambdas/widgets/handler');
    const html = await render({ widgetContext: { dashboardName: 'pantau-overview', widgetId: 'widget-7' } });
    const rows = [...html.matchAll(/<tr><td>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual(['silon', 'sirekap']);
    expect(html).not.toContain('timeout'); // the closed incident
    expect(html).toContain('<td>&#60;script&#62;alert(1)&#60;/script&#62;</td>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<td>ana &#38; &#34;budi&#34;</td>');
    expect(html).toContain('<a href="https://wiki.kpu.go.id/runbooks/sirekap" target="_blank" rel="noopener noreferrer">runbook</a>');
    expect(html.match(/<a /g)).toHaveLength(1); // silon has no runbook
  });
});
