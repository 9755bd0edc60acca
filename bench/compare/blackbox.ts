import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { mapWithConcurrency } from '../../lambdas/core/concurrency';
import { CHECK_TIMEOUT_MS, parseProcStatTicks, type Protocol } from './shape';

/**
 * blackbox_exporter as the comparison runs it: started by the bench on 127.0.0.1 (a port below
 * 32768) with a config written for the fleet, driven through `/probe` with N requests in flight
 * over a keep-alive agent (the exporter's work is the probe, not accepting the bench's
 * connections). CPU is the exporter's own, from /proc/<pid>/stat before and after a case.
 */

const MODULE: Record<Protocol, string> = { http: 'http_2xx', https: 'https_2xx', tcp: 'tcp_connect', dns: 'dns_a' };
const PROBE_TIMEOUT_S = CHECK_TIMEOUT_MS / 1000;
const FIRST_PORT = 19115;
const READY_TRIES = 100;

const module = (name: string, prober: string, settings: string) => [`  ${name}:`, `    prober: ${prober}`, `    timeout: ${PROBE_TIMEOUT_S}s`, `    ${settings}`];

/** Modules for the fleet: 10 s timeouts (not 119.5 s), IPv4, the test CA trusted for HTTPS. */
export function blackboxConfig(caFile: string): string {
  const http = 'preferred_ip_protocol: ip4, valid_status_codes: [200]';
  const tls = `tls_config: { ca_file: ${JSON.stringify(caFile)}, insecure_skip_verify: false }`;
  return [
    'modules:',
    ...module('http_2xx', 'http', `http: { ${http} }`),
    ...module('https_2xx', 'http', `http: { ${http}, ${tls} }`),
    ...module('tcp_connect', 'tcp', 'tcp: { preferred_ip_protocol: ip4 }'),
    ...module('dns_a', 'dns', 'dns: { preferred_ip_protocol: ip4, transport_protocol: udp, query_name: bench.test, query_type: A, valid_rcodes: [NOERROR] }'),
    '',
  ].join('\n');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port }, () => probe.close(() => resolve(true)));
  });
}

async function freeLowPort(): Promise<number> {
  for (let port = FIRST_PORT; port < FIRST_PORT + 50; port++) if (await portIsFree(port)) return port;
  throw new Error(`no free port in ${FIRST_PORT}–${FIRST_PORT + 49} on 127.0.0.1 for blackbox_exporter`);
}

function get(url: string, agent?: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: (PROBE_TIMEOUT_S + 5) * 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export class Blackbox {
  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
  ) {}

  /** Writes the config into `dir`, starts the exporter and waits until it answers. */
  static async start(dir: string, caFile: string): Promise<Blackbox> {
    const configFile = path.join(dir, 'blackbox.yml');
    writeFileSync(configFile, blackboxConfig(caFile));
    const port = await freeLowPort();
    const child = spawn('prometheus-blackbox-exporter', [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const box = new Blackbox(child, `http://127.0.0.1:${port}`);
    for (let i = 0; i < READY_TRIES; i++) {
      if (child.exitCode !== null) throw new Error(`blackbox_exporter exited (${child.exitCode}): ${stderr.trim().slice(0, 500)}`);
      const up = await get(`${box.base}/-/healthy`).then((r) => r.status === 200, () => false);
      if (up) return box;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    box.stop();
    throw new Error(`blackbox_exporter did not answer on ${box.base} within ${READY_TRIES / 10} s: ${stderr.trim().slice(0, 500)}`);
  }

  cpuTicks(): number {
    return parseProcStatTicks(readFileSync(`/proc/${this.child.pid}/stat`, 'utf8'));
  }

  /** One /probe per target, `concurrency` in flight; returns how many failed (probe_success 0). */
  async probe(protocol: Protocol, targets: readonly string[], concurrency: number): Promise<number> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    try {
      const outcomes = await mapWithConcurrency(targets, concurrency, async (target) => {
        const url = `${this.base}/probe?module=${MODULE[protocol]}&target=${encodeURIComponent(target)}`;
        const reply = await get(url, agent).catch(() => ({ status: 0, body: '' }));
        return reply.status === 200 && /^probe_success 1$/m.test(reply.body);
      });
      return outcomes.filter((ok) => !ok).length;
    } finally {
      agent.destroy();
    }
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}
