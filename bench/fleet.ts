import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The benchmark's loopback fleet, run in its own process so its timers and sockets do not share
 * the prober's event loop. One HTTP(S) server per address 127.0.1.1 … 127.0.1.N (port chosen by
 * the OS), so checks spread over many distinct origins like a real catalogue. `GET /d/<ms>`
 * answers after <ms> milliseconds with a small page; the prober picks the delays (with jitter).
 * `GET /d/<ms>/<n>` also records, as check n, how long the server saw that connection: from
 * accepting it to handing the last response byte to the kernel (the "server-observed" time the
 * prober's measured total is compared with).
 *
 * Parent protocol (IPC): receives { servers, tls? }, replies { ready: [{ host, port }] }; then
 * { served: true } replies { served: { [n]: ms } } and forgets them; exits on disconnect.
 */

const BODY = Buffer.from(`<!doctype html><title>KPU fleet</title><p>${'Komisi Pemilihan Umum '.repeat(8)}</p>\n`);
/** Accept time by connection (remote address, remote port, local port): the same key for the raw and the TLS socket. */
const acceptedAt = new Map<string, number>();
const keyOf = (s: Socket) => `${s.remoteAddress}:${s.remotePort}:${s.localPort}`;
let served: Record<number, number> = {};

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const match = /^\/d\/(\d+)(?:\/(\d+))?/.exec(req.url ?? '');
  const delay = match ? Number(match[1]) : 0;
  const checkNo = match?.[2] === undefined ? null : Number(match[2]);
  const timer = setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': BODY.length });
    res.end(BODY);
  }, delay);
  res.on('close', () => clearTimeout(timer));
  if (checkNo === null) return;
  res.on('finish', () => {
    const accepted = acceptedAt.get(keyOf(req.socket));
    if (accepted !== undefined) served[checkNo] = performance.now() - accepted;
  });
}

interface FleetTls {
  cert: string;
  key: string;
}

function createServer(tls: FleetTls | undefined): http.Server {
  const server = tls ? https.createServer({ keepAlive: false, cert: tls.cert, key: tls.key }, handler) : http.createServer({ keepAlive: false }, handler);
  // 'connection' is the TCP accept for both (before the TLS handshake): the server's clock starts there.
  server.on('connection', (socket: Socket) => {
    const key = keyOf(socket);
    acceptedAt.set(key, performance.now());
    socket.once('close', () => acceptedAt.delete(key));
  });
  return server;
}

async function start(count: number, tls: FleetTls | undefined): Promise<Array<{ host: string; port: number }>> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const host = `127.0.1.${i + 1}`;
      const server = createServer(tls);
      // The default backlog (511) is enough for 500-way bursts; keep it explicit.
      return new Promise<{ host: string; port: number }>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: 0, backlog: 1024 }, () => resolve({ host, port: (server.address() as AddressInfo).port }));
      });
    }),
  );
}

process.on('message', (message: { servers?: number; tls?: FleetTls; served?: true }) => {
  if (message.served) {
    process.send?.({ served });
    served = {};
    return;
  }
  start(message.servers ?? 1, message.tls).then(
    (ready) => process.send?.({ ready }),
    (err: Error) => process.send?.({ error: err.message }),
  );
});
process.on('disconnect', () => process.exit(0));
