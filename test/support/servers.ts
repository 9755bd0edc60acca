import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { generate } from 'selfsigned';

/**
 * Real servers on 127.0.0.1, port 0 (the OS picks), for tests and demos: an HTTP app with routes
 * for every assertion, HTTPS with a generated certificate, and misbehaving peers (never answers,
 * resets, trickles an endless body), a bare TCP listener and a UDP DNS server.
 *
 * Every server tracks its sockets, so close() ends even a connection that is stuck.
 * Nothing here talks to anything but loopback.
 */

export interface RunningServer {
  host: string;
  port: number;
  /** Base URL (`http://127.0.0.1:PORT`, `https://…`, `tcp://…`); no trailing slash. */
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

/** Listens on 127.0.0.1:0 and returns the port; sockets are tracked so close() cannot hang. */
async function listen(server: net.Server, scheme: string, host = LOOPBACK): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  server.on('secureConnection', track);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    host,
    port,
    url: `${scheme}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function startHttpServer(handler: http.RequestListener): Promise<RunningServer> {
  return listen(http.createServer(handler), 'http');
}

export interface GeneratedCert {
  cert: string;
  key: string;
  notAfter: Date;
}

/**
 * A self-signed certificate for 127.0.0.1 / localhost, valid from yesterday for `days` days from
 * now (negative = already expired). Trust it by passing `cert` as the target's `tls.caPem`.
 */
export async function makeCertificate(
  options: { days?: number; commonName?: string; altNames?: string[] } = {},
): Promise<GeneratedCert> {
  const days = options.days ?? 30;
  const notAfter = new Date(Date.now() + days * 86_400_000);
  const notBefore = new Date(Math.min(Date.now() - 86_400_000, notAfter.getTime() - 86_400_000));
  const names = options.altNames ?? ['localhost'];
  const pems = await generate([{ name: 'commonName', value: options.commonName ?? 'pantau-test.local' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.map((value) => (net.isIP(value) ? { type: 7 as const, ip: value } : { type: 2 as const, value })),
          ...(options.altNames ? [] : [{ type: 7 as const, ip: LOOPBACK }]),
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private, notAfter };
}

export function startHttpsServer(cert: GeneratedCert, handler: http.RequestListener = sampleApp): Promise<RunningServer> {
  return listen(https.createServer({ cert: cert.cert, key: cert.key }, handler), 'https');
}

/**
 * A small app with a route for each thing a check asserts:
 * - `/ok` 200 "Komisi Pemilihan Umum — Sirekap OK"
 * - `/status/<code>` that status
 * - `/json` `{"status":"up","version":"2.4.1","services":[{"name":"db","healthy":true}]}`
 * - `/headers` 200 with `x-served-by: pantau-test` and `cache-control: no-store`
 * - `/redirect/<n>` 302 → `/redirect/<n-1>` … → `/ok`
 * - `/loop/a` ⇄ `/loop/b` (302 forever)
 * - `/slow/<ms>` answers after ms
 * - `/echo` the request's method, headers and body as JSON
 * - anything else 404
 */
export const sampleApp: http.RequestListener = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const parts = url.pathname.split('/').filter(Boolean);
  const send = (status: number, body: string, headers: http.OutgoingHttpHeaders = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };
  switch (parts[0]) {
    case 'ok':
      return send(200, 'Komisi Pemilihan Umum — Sirekap OK');
    case 'status':
      return send(Number(parts[1]), `status ${parts[1]}`);
    case 'json':
      return send(200, JSON.stringify({ status: 'up', version: '2.4.1', services: [{ name: 'db', healthy: true }] }), {
        'content-type': 'application/json',
      });
    case 'headers':
      return send(200, 'with headers', { 'x-served-by': 'pantau-test', 'cache-control': 'no-store' });
    case 'redirect': {
      const n = Number(parts[1] ?? 0);
      return send(302, '', { location: n > 1 ? `/redirect/${n - 1}` : '/ok' });
    }
    case 'loop':
      return send(302, '', { location: parts[1] === 'a' ? '/loop/b' : '/loop/a' });
    case 'slow': {
      const timer = setTimeout(() => send(200, 'slow ok'), Number(parts[1] ?? 1000));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'echo': {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        send(200, JSON.stringify({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() }), {
          'content-type': 'application/json',
        }),
      );
      return;
    }
    default:
      return send(404, 'not found');
  }
};

/** Accepts connections and reads the request, but never answers (a hung app server). */
export function startHangingServer(): Promise<RunningServer> {
  return listen(
    net.createServer((socket) => {
      socket.on('data', () => {});
      socket.on('error', () => {});
    }),
    'http',
  );
}

/** Accepts, waits for the request, then resets the connection (TCP RST). */
export function startResetServer(): Promise<RunningServer> {
  return listen(
    net.createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.resetAndDestroy());
    }),
    'http',
  );
}

/**
 * Sends a 200 with a chunked body that never ends: `chunkBytes` every `intervalMs`, forever
 * (a runaway export, a log endpoint). `bytesSent()` shows how much went out before the client
 * stopped reading.
 */
export async function startTricklingServer(
  options: { chunkBytes?: number; intervalMs?: number } = {},
): Promise<RunningServer & { bytesSent(): number }> {
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, 'x');
  let sent = 0;
  const running = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => {
      sent += chunk.length;
      res.write(chunk);
    }, options.intervalMs ?? 1);
    res.on('close', () => clearInterval(timer));
  });
  return { ...running, bytesSent: () => sent };
}

/** A bare TCP service (a database port, an SMTP relay): accepts and closes. */
export async function startTcpListener(): Promise<RunningServer & { connections(): number }> {
  let count = 0;
  const running = await listen(
    net.createServer((socket) => {
      count++;
      socket.on('error', () => {});
      socket.end();
    }),
    'tcp',
  );
  return { ...running, connections: () => count };
}

/** A loopback port with nothing listening (connections are refused). */
export async function refusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, LOOPBACK, resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// The UDP DNS server lives with the demo fleet, which needs it at run time.
export { startDnsServer, type DnsRecords, type RunningDnsServer } from '../../lib/demo/dns-server';
