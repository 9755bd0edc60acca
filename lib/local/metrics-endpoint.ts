import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CheckResult } from '../../lambdas/core/types';
import { EXPOSITION_CONTENT_TYPE, formatExposition } from '../interop/prometheus-exposition';
import { UsageError } from './usage-error';

/**
 * `pantau watch --metrics-port P`: the latest result of every target (per region) at
 * `GET /metrics`, in Prometheus' text format (lib/interop/prometheus-exposition.ts). Bound to
 * 127.0.0.1 unless `--metrics-host` says otherwise: the results name internal hosts, so exposing
 * them on the network is a choice the operator makes, not a default.
 */

export const DEFAULT_METRICS_HOST = '127.0.0.1';

export class MetricsEndpoint {
  private constructor(
    private readonly server: Server,
    private readonly latest: Map<string, CheckResult>,
    readonly url: string,
  ) {}

  static async start(port: number, host = DEFAULT_METRICS_HOST): Promise<MetricsEndpoint> {
    const latest = new Map<string, CheckResult>();
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      } else if (path === '/metrics') {
        res.writeHead(200, { 'Content-Type': EXPOSITION_CONTENT_TYPE }).end(req.method === 'HEAD' ? undefined : formatExposition(latest.values()));
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(new UsageError(`--metrics-port: cannot listen on ${host}:${port} (${err.code ?? err.message}) — pick a free port`)),
      );
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return new MetricsEndpoint(server, latest, `http://${shownHost}:${address.port}/metrics`);
  }

  /** Keeps the newest result per target and region. */
  update(results: readonly CheckResult[]): void {
    for (const r of results) this.latest.set(`${r.target}\u0000${r.region}`, r);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
