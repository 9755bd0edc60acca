import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../lambdas/core/probe';
import { makeTarget } from '../support/config-fixture';
import { refusedPort, startTcpListener } from '../support/servers';

const REGION = 'ap-southeast-3';
let listener: Awaited<ReturnType<typeof startTcpListener>>;

beforeAll(async () => {
  listener = await startTcpListener();
});

afterAll(async () => {
  await listener?.close();
});

describe('TCP check', () => {
  it('connects and reports the connect time', async () => {
    const before = listener.connections();
    const r = await runCheck(makeTarget({ id: 'db', url: `tcp://127.0.0.1:${listener.port}`, kind: 'tcp' }), { region: REGION });
    expect(r).toMatchObject({ ok: true, kind: 'tcp', error: null, status: null, certDaysLeft: null });
    expect(r.phases).toMatchObject({ dns: null, tls: null, ttfb: null, transfer: null });
    expect(r.phases.connect).toBeGreaterThan(0);
    expect(listener.connections()).toBe(before + 1);
  });

  it('resolves a host name first (dns phase) for localhost', async () => {
    const r = await runCheck(makeTarget({ id: 'db-name', url: `tcp://localhost:${listener.port}`, kind: 'tcp' }), { region: REGION });
    expect(r.ok).toBe(true);
    expect(r.phases.dns).not.toBeNull();
  });

  it('classifies a closed port as refused', async () => {
    const port = await refusedPort();
    const r = await runCheck(makeTarget({ id: 'closed', url: `tcp://127.0.0.1:${port}`, kind: 'tcp' }), { region: REGION });
    expect(r).toMatchObject({ ok: false, error: 'refused', reason: `connection refused by 127.0.0.1:${port} (ECONNREFUSED)` });
  });
});
