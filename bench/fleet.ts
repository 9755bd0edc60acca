import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The benchmark's loopback fleet, run in its own process so its timers and sockets do not share
 * the prober's event loop. One HTTP server per address 127.0.1.1 … 127.0.1.N (port chosen by the
 * OS), so checks spread over many distinct origins like a real catalogue. `GET /d/<ms>` answers
 * after <ms> milliseconds with a small page; the prober picks the delays (with jitter).
 *
 * Parent protocol (IPC): receives { servers }, replies { ready: [{ host, port }] }; exits on
 * disconnect.
 */

const BODY = Buffer.from(`<!doctype html><title>KPU fleet</title><p>${'Komisi Pemilihan Umum '.repeat(8)}</p>\n`);

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const match = /^\/d\/(\d+)/.exec(req.url ?? '');
  const delay = match ? Number(match[1]) : 0;
  const timer = setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': BODY.length });
    res.end(BODY);
  }, delay);
  res.on('close', () => clearTimeout(timer));
}

async function start(count: number): Promise<Array<{ host: string; port: number }>> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const host = `127.0.1.${i + 1}`;
      const server = http.createServer({ keepAlive: false }, handler);
      // The default backlog (511) is enough for 500-way bursts; keep it explicit.
      return new Promise<{ host: string; port: number }>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: 0, backlog: 1024 }, () => resolve({ host, port: (server.address() as AddressInfo).port }));
      });
    }),
  );
}

process.on('message', (message: { servers: number }) => {
  start(message.servers).then(
    (ready) => process.send?.({ ready }),
    (err: Error) => process.send?.({ error: err.message }),
  );
});
process.on('disconnect', () => process.exit(0));
