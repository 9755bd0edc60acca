import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckFailure } from '../../../../../lambdas/core/checks/classify';
import { tcpKind } from '../../../../../lambdas/core/checks/kinds/tcp';
import { makeTarget } from '../../../../support/config-fixture';
import { refusedPort, startTcpListener } from '../../../../support/servers';
import { checkContext } from '../../../../support/check-context';

let listener: Awaited<ReturnType<typeof startTcpListener>>;

beforeAll(async () => {
  listener = await startTcpListener();
});

afterAll(async () => {
  await listener?.close();
});

describe('the tcp kind', () => {
  it('reads tcp://host:port, suggesting 5432 when the port is missing', () => {
    expect(tcpKind.parseUrl(new URL('tcp://db:6432'), 'tcp://db:6432')).toEqual({ ok: true, host: 'db', settings: {} });
    expect(tcpKind.parseUrl(new URL('tcp://db'), 'tcp://db')).toMatchObject({ ok: false, problem: expect.stringContaining('e.g. tcp://db:5432') });
  });

  it('takes no request or TLS settings, checks only latency, reports no certificate', () => {
    expect(tcpKind.configFields).toEqual([]);
    expect(tcpKind.expectFields).toEqual(['maxLatencyMs', 'warnLatencyMs']);
    expect(tcpKind.reportsCertificate({ url: 'tcp://db:443' })).toBe(false);
    expect(tcpKind.metricNames({ url: 'tcp://db:5432' })).toEqual(['DnsMs', 'ConnectMs']);
  });

  it('runs a connect: nothing to assert beyond it, a refused port throws', async () => {
    const ctx = checkContext();
    const before = listener.connections();
    expect(await tcpKind.run(makeTarget({ id: 'db', url: `tcp://127.0.0.1:${listener.port}` }), { secretHeaders: {} }, ctx)).toEqual({});
    expect(ctx.phases.snapshot().connect).toBeGreaterThan(0);
    expect(listener.connections()).toBe(before + 1);
    const port = await refusedPort();
    await expect(tcpKind.run(makeTarget({ id: 'closed', url: `tcp://127.0.0.1:${port}` }), { secretHeaders: {} }, ctx)).rejects.toBeInstanceOf(CheckFailure);
    ctx.deadline.dispose();
  });
});
