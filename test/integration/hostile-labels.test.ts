import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_MAX_CHARS } from '../../lambdas/core/checks/reason';
import { expectLabel, runCheckJson, type CheckJsonRun } from '../support/check-json';
import { makeCertificate } from '../support/servers';

/**
 * Hostile HTTP peers and the labels on-call reads: one raw TCP server on 127.0.0.1 writes exactly
 * the bytes each row names (no HTTP library in between), and every row goes through the real
 * `pantau check --json` in one run. Each row asserts the failure class and the reason.
 */

const BIG_LOCATION = `/next?${'x'.repeat(8_000)}`;

/** TLS sockets by client port → the TCP socket under them: only a TCP socket can send an RST. */
const tcpUnderTls = new Map<number, net.Socket>();
const tcpOf = (s: net.Socket): net.Socket => (s instanceof tls.TLSSocket ? tcpUnderTls.get(s.remotePort!) : undefined) ?? s;

/** What the server does with a request for `/<row id>`. */
const BEHAVIOURS: Record<string, (socket: net.Socket) => void> = {
  'truncated-content-length': (s) => s.end(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${'a'.repeat(500)}`),
  'truncated-chunked': (s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1f4\r\n' + 'a'.repeat(500) + '\r\n'),
  'truncated-empty-body': (s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'),
  'bad-chunk-size': (s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'),
  'chunk-extension-garbage': (s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;\x01\x02=\r\nhello\r\n0\r\n\r\n'),
  'chunk-size-overflow': (s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n'),
  'reset-mid-body': (s) =>
    s.write(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${'a'.repeat(500)}`, () => setTimeout(() => tcpOf(s).resetAndDestroy(), 20)),
  'redirect-302-no-location': (s) => s.end('HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n'),
  'redirect-301-no-location': (s) => s.end('HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\n\r\n'),
  'redirect-307-empty-location': (s) => s.end('HTTP/1.1 307 Temporary Redirect\r\nLocation: \r\nContent-Length: 0\r\n\r\n'),
  'redirect-no-location-unfollowed': (s) => s.end('HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n'),
  'redirect-bad-scheme-unfollowed': (s) => s.end('HTTP/1.1 308 Permanent Redirect\r\nLocation: ftp://x/\r\nContent-Length: 0\r\n\r\n'),
  'redirect-location-8k': (s) => s.end(`HTTP/1.1 302 Found\r\nLocation: http://[${BIG_LOCATION}\r\nContent-Length: 0\r\n\r\n`),
  'control-char-in-header': (s) => s.end('HTTP/1.1 302 Found\r\nLocation: /next\x1b[31m\r\nContent-Length: 0\r\n\r\n'),
  'http09-no-status-line': (s) => s.end('<html>hello</html>'),
  'garbage-status-line': (s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'),
  'closed-before-status': (s) => s.end(),
  'complete-body': (s) => s.end(`HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello`),
  'complete-chunked': (s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'),
};

interface Row {
  id: keyof typeof BEHAVIOURS;
  /** Extra YAML for the target. */
  extra?: string;
  error: string | null;
  reason: string | RegExp;
}

const ROWS: Row[] = [
  { id: 'truncated-content-length', error: 'protocol', reason: 'closed before the body was complete (500 of 1000 bytes)' },
  { id: 'truncated-chunked', error: 'protocol', reason: 'closed before the body was complete (500 bytes, no final chunk)' },
  { id: 'truncated-empty-body', error: 'protocol', reason: 'closed before the body was complete (0 of 10 bytes)' },
  { id: 'bad-chunk-size', error: 'protocol', reason: /^malformed chunked encoding \(HPE_INVALID_CHUNK_SIZE/ },
  { id: 'chunk-extension-garbage', error: 'protocol', reason: /^malformed chunked encoding \(HPE_/ },
  { id: 'chunk-size-overflow', error: 'protocol', reason: /^malformed chunked encoding \(HPE_/ },
  { id: 'reset-mid-body', error: 'reset', reason: 'connection reset by peer reading body (ECONNRESET)' },
  { id: 'redirect-302-no-location', error: 'protocol', reason: 'HTTP 302 redirect without Location' },
  { id: 'redirect-301-no-location', error: 'protocol', reason: 'HTTP 301 redirect without Location' },
  { id: 'redirect-307-empty-location', error: 'protocol', reason: 'HTTP 307 redirect without Location' },
  { id: 'redirect-no-location-unfollowed', extra: 'maxRedirects: 0', error: 'protocol', reason: 'HTTP 302 redirect without Location' },
  { id: 'redirect-bad-scheme-unfollowed', extra: 'maxRedirects: 0', error: 'protocol', reason: 'HTTP 308 redirects to unsupported scheme ftp:' },
  { id: 'redirect-location-8k', error: 'protocol', reason: /^HTTP 302 with an invalid Location header "http:\/\/\[\/next\?x+…$/ },
  { id: 'control-char-in-header', error: 'protocol', reason: /^malformed HTTP response from 127\.0\.0\.1:\d+ \(HPE_INVALID_HEADER_TOKEN/ },
  { id: 'http09-no-status-line', error: 'protocol', reason: /^malformed HTTP response from 127\.0\.0\.1:\d+ \(HPE_INVALID_CONSTANT/ },
  { id: 'garbage-status-line', error: 'protocol', reason: /^malformed HTTP response from 127\.0\.0\.1:\d+ \(HPE_INVALID_CONSTANT/ },
  { id: 'closed-before-status', error: 'reset', reason: /^connection reset by peer waiting for headers/ },
  { id: 'complete-body', error: null, reason: 'ok' },
  { id: 'complete-chunked', error: null, reason: 'ok' },
];

/** The same framing faults behind TLS: a clean close there is a TLS socket's end, not a TCP FIN. */
const TLS_ROWS: Row[] = ROWS.filter((r) =>
  ['truncated-content-length', 'truncated-chunked', 'bad-chunk-size', 'reset-mid-body', 'redirect-302-no-location', 'complete-body'].includes(r.id),
);

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
let run: CheckJsonRun;

/** Answers each request with the behaviour its path names (the same over TCP and TLS). */
function serve(socket: net.Socket): void {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  socket.once('data', (request) => {
    const path = /^[A-Z]+ \/([\w-]+)/.exec(request.toString('latin1'))?.[1] ?? '';
    (BEHAVIOURS[path] ?? ((s: net.Socket) => s.destroy()))(socket);
  });
}

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  const cert = await makeCertificate({ altNames: ['localhost'] });
  const plain = await listen(net.createServer(serve));
  const tlsServer = tls.createServer({ cert: cert.cert, key: cert.key }, serve);
  tlsServer.on('connection', (tcp: net.Socket) => {
    tcp.on('error', () => {});
    tcpUnderTls.set(tcp.remotePort!, tcp);
  });
  const secure = await listen(tlsServer);
  run = await runCheckJson([
    ...ROWS.map((r) => `{ id: ${r.id}, url: "http://127.0.0.1:${plain}/${r.id}"${r.extra ? `, ${r.extra}` : ''} }`),
    ...TLS_ROWS.map((r) => `{ id: tls-${r.id}, url: "https://127.0.0.1:${secure}/${r.id}", tls: { insecureSkipVerify: true } }`),
  ]);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('hostile HTTP peers get labels that tell the truth (pantau check --json)', () => {
  it('exits 1: some targets are down', () => {
    expect(run.exitCode).toBe(1);
    expect(run.results.size).toBe(ROWS.length + TLS_ROWS.length);
  });

  it.each(ROWS)('$id → $error', (row) => {
    expectLabel(run.results.get(row.id), row.error, row.reason);
  });

  it.each(TLS_ROWS)('over TLS: $id → $error', (row) => {
    expectLabel(run.results.get(`tls-${row.id}`), row.error, row.reason);
  });

  it('keeps the whole reason in reasonFull only when it was cut', () => {
    const cut = run.results.get('redirect-location-8k')!;
    expect(cut.reason).toHaveLength(REASON_MAX_CHARS);
    expect(cut.reasonFull).toBe(`HTTP 302 with an invalid Location header "http://[${BIG_LOCATION}"`);
    for (const [id, r] of run.results) if (id !== 'redirect-location-8k') expect(r).not.toHaveProperty('reasonFull');
  });
});
