import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { startDnsServer } from './dns-server';
import { kpuKotaPage } from './defacement';

/**
 * A simulated KPU fleet on 127.0.0.1 for the self-contained demo (`npm start`). Every server
 * listens on an OS-chosen port on loopback only; nothing leaves the machine.
 *
 * The scenario is driven by the seconds elapsed since the fleet started, so the demo tells the
 * same story every time:
 * - kpu-www, infopemilu (JSON health), silog: healthy;
 * - cekdpt: healthy but blips once (one 500) — a single blip must not page anyone;
 * - sipol: slow (answers after ~900 ms) — passes, but over its latency warning (DEGRADED);
 * - sirekap: returns 503 between `sirekapDown.from` and `sirekapDown.to` — DOWN, then RECOVERED;
 * - silon: HTTPS with a certificate that expires in 5 days — DEGRADED on certificate days;
 * - a DNS server answering for sirekap.kpu.demo and a TCP service (the Sidalih database port);
 * - a node_exporter look-alike whose /data filesystem on PDN-Cikarang fills steadily;
 * - kpu-kota-bandung: a regional KPU site, defaced between `defaced.from` and `defaced.to`
 *   (gambling links hidden in its markup, still 200 OK): SECURITY, then resolved once cleaned;
 * - jdih (the legal-documents portal): from `jdihTarpitFrom` on it behaves as a tarpitted or
 *   overloaded server does — headers at once, then the body one byte every half second, never
 *   finishing. The check must end at its deadline and say where it stuck, and no other check
 *   may wait for it.
 */

export interface FleetScenario {
  /** Seconds after start during which Sirekap answers 503. */
  sirekapDown: { from: number; to: number };
  /** Second at which cekdpt answers one 500 (a single blip). */
  cekdptBlipAt: number;
  /** Disk utilisation at start (%) and growth per second (percentage points). */
  disk: { startPct: number; pctPerSecond: number };
  /** Second from which jdih dribbles its body and never finishes (a hostile target). */
  jdihTarpitFrom: number;
  /** Seconds during which kpu-kota-bandung carries hidden gambling links (defacement.ts). */
  defaced: { from: number; to: number };
}

export const DEFAULT_SCENARIO: FleetScenario = {
  sirekapDown: { from: 14, to: 34 },
  cekdptBlipAt: 7,
  disk: { startPct: 72, pctPerSecond: 0.25 },
  jdihTarpitFrom: 36,
  defaced: { from: 20, to: 40 },
};

export interface DemoFleet {
  /** Base URLs / addresses of every simulated service. */
  urls: {
    kpuWww: string;
    infopemilu: string;
    silog: string;
    cekdpt: string;
    sipol: string;
    sirekap: string;
    silon: string;
    dnsResolver: string;
    sidalihDb: string;
    nodeExporter: string;
    jdih: string;
    kpuKota: string;
  };
  /** PEM file of the CA that signed silon's certificate (the config's `tls.ca`). */
  caFile: string;
  /** Scratch folder holding the CA file (removed by close). */
  dir: string;
  scenario: FleetScenario;
  /** Seconds since the fleet started. */
  elapsed(): number;
  close(): Promise<void>;
}

const DISK_SIZE_BYTES = 4 * 1024 ** 4; // a 4 TiB database volume
const MEM_TOTAL_BYTES = 256 * 1024 ** 3;

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function page(title: string): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>Komisi Pemilihan Umum Republik Indonesia</p></body></html>`;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** node_exporter text format for the simulated PDN-Cikarang database host. */
export function nodeExporterText(elapsedSeconds: number, scenario: FleetScenario): string {
  const usedPct = Math.min(99.5, scenario.disk.startPct + scenario.disk.pctPerSecond * elapsedSeconds);
  const avail = Math.round(DISK_SIZE_BYTES * (1 - usedPct / 100));
  const memAvail = Math.round(MEM_TOTAL_BYTES * (0.42 - 0.02 * Math.sin(elapsedSeconds / 10)));
  // Two CPUs, ~35 % busy: idle seconds grow by 0.65 per second per CPU.
  const idle = (cpu: number) => (1000 + cpu * 10 + elapsedSeconds * 0.65).toFixed(2);
  const busy = (cpu: number) => (500 + cpu * 5 + elapsedSeconds * 0.35).toFixed(2);
  const rx = Math.round(9e9 + elapsedSeconds * 40e6);
  const tx = Math.round(7e9 + elapsedSeconds * 25e6);
  return [
    '# HELP node_filesystem_size_bytes Filesystem size in bytes.',
    '# TYPE node_filesystem_size_bytes gauge',
    `node_filesystem_size_bytes{device="/dev/nvme1n1",fstype="xfs",mountpoint="/data"} ${DISK_SIZE_BYTES}`,
    `node_filesystem_size_bytes{device="/dev/nvme0n1p1",fstype="ext4",mountpoint="/"} ${100 * 1024 ** 3}`,
    `node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} ${4 * 1024 ** 3}`,
    '# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.',
    '# TYPE node_filesystem_avail_bytes gauge',
    `node_filesystem_avail_bytes{device="/dev/nvme1n1",fstype="xfs",mountpoint="/data"} ${avail}`,
    `node_filesystem_avail_bytes{device="/dev/nvme0n1p1",fstype="ext4",mountpoint="/"} ${61 * 1024 ** 3}`,
    `node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} ${4 * 1024 ** 3}`,
    '# HELP node_filesystem_free_bytes Filesystem free space in bytes.',
    '# TYPE node_filesystem_free_bytes gauge',
    // xfs reserves nothing for root; the ext4 root keeps its usual 5 % back.
    `node_filesystem_free_bytes{device="/dev/nvme1n1",fstype="xfs",mountpoint="/data"} ${avail}`,
    `node_filesystem_free_bytes{device="/dev/nvme0n1p1",fstype="ext4",mountpoint="/"} ${66 * 1024 ** 3}`,
    `node_filesystem_free_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} ${4 * 1024 ** 3}`,
    '# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.',
    '# TYPE node_memory_MemTotal_bytes gauge',
    `node_memory_MemTotal_bytes ${MEM_TOTAL_BYTES}`,
    '# HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.',
    '# TYPE node_memory_MemAvailable_bytes gauge',
    `node_memory_MemAvailable_bytes ${memAvail}`,
    '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.',
    '# TYPE node_cpu_seconds_total counter',
    ...[0, 1].flatMap((cpu) => [
      `node_cpu_seconds_total{cpu="${cpu}",mode="idle"} ${idle(cpu)}`,
      `node_cpu_seconds_total{cpu="${cpu}",mode="user"} ${busy(cpu)}`,
    ]),
    '# HELP node_network_receive_bytes_total Network device statistic receive_bytes.',
    '# TYPE node_network_receive_bytes_total counter',
    `node_network_receive_bytes_total{device="eth0"} ${rx}`,
    `node_network_receive_bytes_total{device="lo"} 123456`,
    '# HELP node_network_transmit_bytes_total Network device statistic transmit_bytes.',
    '# TYPE node_network_transmit_bytes_total counter',
    `node_network_transmit_bytes_total{device="eth0"} ${tx}`,
    `node_network_transmit_bytes_total{device="lo"} 123456`,
    '# HELP node_network_speed_bytes Network device property: speed_bytes',
    '# TYPE node_network_speed_bytes gauge',
    `node_network_speed_bytes{device="eth0"} ${1.25e9}`,
    '',
  ].join('\n');
}

export async function startDemoFleet(scenario: FleetScenario = DEFAULT_SCENARIO): Promise<DemoFleet> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'pantau-demo-'));
  const servers: Array<{ close(cb?: () => void): unknown }> = [];

  const http = async (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> => {
    const server = createHttpServer(handler);
    servers.push(server);
    return `http://127.0.0.1:${await listen(server)}`;
  };

  const kpuWww = await http((_req, res) => send(res, 200, page('KPU RI')));
  const silog = await http((_req, res) => send(res, 200, page('SILOG KPU')));
  const infopemilu = await http((req, res) =>
    req.url?.startsWith('/api/health')
      ? send(res, 200, JSON.stringify({ status: 'ok', db: 'up', version: '2026.11' }), 'application/json')
      : send(res, 200, page('Info Pemilu')),
  );
  let blipped = false;
  const cekdpt = await http((_req, res) => {
    if (!blipped && elapsed() >= scenario.cekdptBlipAt) {
      blipped = true;
      return send(res, 500, 'Internal Server Error', 'text/plain');
    }
    send(res, 200, page('Cek DPT Online'));
  });
  const sipol = await http((_req, res) => {
    const timer = setTimeout(() => send(res, 200, page('SIPOL')), 850 + Math.random() * 100);
    res.on('close', () => clearTimeout(timer));
  });
  const sirekap = await http((_req, res) => {
    const t = elapsed();
    if (t >= scenario.sirekapDown.from && t < scenario.sirekapDown.to) {
      return send(res, 503, '<html><body>503 Service Unavailable</body></html>');
    }
    send(res, 200, page('Sirekap Pemilu 2024'));
  });
  const jdih = await http((_req, res) => {
    if (elapsed() < scenario.jdihTarpitFrom) return send(res, 200, page('JDIH KPU'));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': 100_000 });
    res.write('<!doctype html><html><head><title>JDIH KPU</title>');
    const drip = setInterval(() => res.write(' '), 500);
    res.on('close', () => clearInterval(drip));
  });
  const kpuKota = await http((_req, res) => {
    const t = elapsed();
    send(res, 200, kpuKotaPage(t >= scenario.defaced.from && t < scenario.defaced.to));
  });
  const nodeExporter = await http((req, res) =>
    req.url === '/metrics'
      ? send(res, 200, nodeExporterText(elapsed(), scenario), 'text/plain; version=0.0.4')
      : send(res, 404, 'not found', 'text/plain'),
  );

  // silon: HTTPS with a leaf certificate signed by a demo CA, expiring in 5 days.
  const now = new Date();
  const ca = await generate([{ name: 'commonName', value: 'Pantau Demo CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    curve: 'P-256',
    notBeforeDate: new Date(now.getTime() - 86_400_000),
    notAfterDate: new Date(now.getTime() + 365 * 86_400_000),
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }],
  });
  const leaf = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    curve: 'P-256',
    notBeforeDate: new Date(now.getTime() - 86_400_000),
    notAfterDate: new Date(now.getTime() + 5 * 86_400_000),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  const caFile = join(dir, 'demo-ca.pem');
  writeFileSync(caFile, ca.cert);
  const silonServer = createHttpsServer({ key: leaf.private, cert: leaf.cert }, (_req, res) => send(res, 200, page('SILON')));
  servers.push(silonServer);
  const silon = `https://127.0.0.1:${await listen(silonServer)}`;

  const tcp = createTcpServer((socket) => socket.end());
  servers.push(tcp);
  const sidalihDb = `127.0.0.1:${await listen(tcp)}`;

  const dns = await startDnsServer({ 'sirekap.kpu.demo': { A: ['127.0.0.1'] }, 'www.kpu.demo': { A: ['127.0.0.1'] } });

  return {
    urls: {
      kpuWww,
      infopemilu,
      silog,
      cekdpt,
      sipol,
      sirekap,
      silon,
      dnsResolver: dns.address,
      sidalihDb,
      nodeExporter: `${nodeExporter}/metrics`,
      jdih,
      kpuKota,
    },
    caFile,
    dir,
    scenario,
    elapsed,
    close: async () => {
      await dns.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              (s as { closeAllConnections?: () => void }).closeAllConnections?.();
              s.close(() => resolve());
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
