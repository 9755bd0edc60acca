import { PassThrough } from 'node:stream';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCommand } from '../../lib/local/watch';
import { MetricsEndpoint } from '../../lib/local/metrics-endpoint';
import { makeConfig, makeTarget } from '../support/config-fixture';
import { makeCertificate, sampleApp, startHttpServer, startHttpsServer, startTcpListener, type GeneratedCert, type RunningServer } from '../support/servers';

/**
 * `pantau watch --metrics-port 0` against loopback targets (an https site, an http one answering
 * 503, a tcp listener): /metrics is scraped while watch runs and read with a real Prometheus text
 * parser, under blackbox_exporter's names.
 */

let cert: GeneratedCert;
let https: RunningServer;
let http: RunningServer;
let tcp: RunningServer;

beforeAll(async () => {
  cert = await makeCertificate({ days: 40 });
  [https, http, tcp] = await Promise.all([startHttpsServer(cert), startHttpServer(sampleApp), startTcpListener()]);
});
afterAll(() => Promise.all([https, http, tcp].map((s) => s?.close())));

function sample(families: ParsedFamily[], name: string, labels: Record<string, string>): string | undefined {
  const family = families.find((f) => f.name === name);
  return family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
}

describe('pantau watch --metrics-port', () => {
  it('serves the latest results at /metrics in the Prometheus text format with blackbox names', async () => {
    const config = makeConfig({
      targets: [
        makeTarget({ id: 'portal', app: 'kpu', url: `${https.url}/ok`, tls: { insecureSkipVerify: false, caPem: cert.cert } }),
        makeTarget({ id: 'broken', app: 'kpu', url: `${http.url}/status/503` }),
        makeTarget({ id: 'db', app: 'jdih', url: tcp.url }),
      ],
    });
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk) => (printed += String(chunk)));
    let scraped: { status: number; type: string | null; body: string } | undefined;
    const { exitCode } = await watchCommand(config, {
      cycles: 1,
      metricsPort: 0,
      onCycle: async () => {
        const url = /Prometheus metrics at (\S+)/.exec(printed)?.[1];
        const res = await fetch(url!);
        scraped = { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
      },
    }, out);

    expect(exitCode).toBe(1); // the 503 target is down
    expect(printed).toMatch(/Prometheus metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
    expect(scraped!.status).toBe(200);
    expect(scraped!.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusTextFormat(scraped!.body);
    expect(families.map((f) => f.name)).toEqual(
      expect.arrayContaining(['probe_success', 'probe_duration_seconds', 'probe_http_status_code', 'probe_ssl_earliest_cert_expiry', 'probe_http_duration_seconds']),
    );
    expect(families.every((f) => f.type === 'GAUGE')).toBe(true);

    const portal = { target: 'portal', app: 'kpu', region: 'local', instance: `${https.url}/ok`, kind: 'http' };
    expect(sample(families, 'probe_success', portal)).toBe('1');
    expect(sample(families, 'probe_success', { target: 'broken' })).toBe('0');
    expect(sample(families, 'probe_success', { target: 'db', kind: 'tcp' })).toBe('1');
    expect(sample(families, 'probe_http_status_code', { target: 'portal' })).toBe('200');
    expect(sample(families, 'probe_http_status_code', { target: 'broken' })).toBe('503');
    expect(sample(families, 'probe_http_status_code', { target: 'db' })).toBeUndefined();
    // The certificate's notAfter, to the second.
    expect(Number(sample(families, 'probe_ssl_earliest_cert_expiry', { target: 'portal' }))).toBe(Math.floor(cert.notAfter.getTime() / 1000));
    const total = Number(sample(families, 'probe_duration_seconds', { target: 'portal' }));
    expect(total).toBeGreaterThan(0);
    const phases = ['resolve', 'connect', 'tls', 'processing', 'transfer'].map((phase) => Number(sample(families, 'probe_http_duration_seconds', { target: 'portal', phase })));
    expect(phases.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(phases[2]).toBeGreaterThan(0); // a TLS handshake happened
    expect(phases.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total + 0.001);
  });
});

describe('MetricsEndpoint', () => {
  it('binds 127.0.0.1 by default, answers 404 elsewhere, and a taken port is one clear error', async () => {
    const endpoint = await MetricsEndpoint.start(0);
    try {
      expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await fetch(endpoint.url)).status).toBe(200);
      expect(await (await fetch(endpoint.url)).text()).toBe('');
      expect((await fetch(endpoint.url.replace('/metrics', '/'))).status).toBe(404);
      const port = Number(new URL(endpoint.url).port);
      await expect(MetricsEndpoint.start(port)).rejects.toThrow(`--metrics-port: cannot listen on 127.0.0.1:${port} (EADDRINUSE) — pick a free port`);
    } finally {
      await endpoint.close();
    }
  });
});
