import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { seeded } from '../stats';
import { encodeHoldAsAddress, FLEET_SUBNETS, SERVED_HEADER, type FleetInput, type FleetReady, type Protocol } from './shape';

/**
 * The comparison's fleet, in its own process so its timers and sockets never share a prober's
 * event loop. Per protocol, one server on each of `addresses` loopback addresses of its own
 * 127.0.N.0/24 (FLEET_SUBNETS), port chosen by the OS: every check of a case has its own origin.
 *
 * Each answer carries what the server itself saw, so the bench can subtract it from a client's
 * measured latency:
 * - HTTP/HTTPS: `GET /d/<ms>` answers after <ms> with a small page; header SERVED_HEADER holds the
 *   milliseconds from the TCP accept to just before the last byte is written (the TLS handshake
 *   included). A path without /d/<ms> (wrk's, blackbox's fixed URL) gets a seeded jittered delay.
 * - DNS: a name starting `d<ms>.` is answered after <ms>, any other after a jittered delay; the
 *   A record encodes the server's hold in microseconds (encodeHoldAsAddress), a stamp the client
 *   keeps without any extension.
 * - TCP: accepts and waits for the client to close; the accept-to-close times are kept and
 *   returned on request (a connect-only check reads nothing, so nothing can be stamped on it).
 *
 * IPC: { start: FleetInput } → FleetReady; { holds: true } → { holds: number[] } (TCP, and
 * clears them); exits on disconnect.
 */

const BODY = Buffer.from(`<!doctype html><title>KPU fleet</title><p>${'Komisi Pemilihan Umum '.repeat(8)}</p>\n`);

function jitter(input: FleetInput): () => number {
  const random = seeded(input.seed);
  return () => Math.round(input.delayMs - input.jitterMs + random() * 2 * input.jitterMs);
}

/** Accept times by the peer's address:port, so an HTTPS request finds its raw socket's accept. */
function acceptClock(server: net.Server): Map<string, number> {
  const accepted = new Map<string, number>();
  server.on('connection', (socket: net.Socket) => {
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    accepted.set(key, performance.now());
    socket.once('close', () => accepted.delete(key));
  });
  return accepted;
}

function httpHandler(accepted: Map<string, number>, nextDelay: () => number): http.RequestListener {
  return (req, res) => {
    const match = /^\/d\/(\d+)/.exec(req.url ?? '');
    const delay = match ? Number(match[1]) : nextDelay();
    const acceptedAt = accepted.get(`${req.socket.remoteAddress}:${req.socket.remotePort}`) ?? performance.now();
    const timer = setTimeout(() => {
      const served = (performance.now() - acceptedAt).toFixed(3);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': BODY.length, [SERVED_HEADER]: served });
      res.end(BODY);
    }, delay);
    res.on('close', () => clearTimeout(timer));
  };
}

function listen(server: net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0, backlog: 2048 }, () => resolve((server.address() as AddressInfo).port));
  });
}

function webServer(protocol: 'http' | 'https', input: FleetInput, nextDelay: () => number): net.Server {
  const server =
    protocol === 'https'
      ? https.createServer({ cert: input.certPem, key: input.keyPem, keepAlive: false })
      : http.createServer({ keepAlive: false });
  const accepted = acceptClock(server);
  server.on('request', httpHandler(accepted, nextDelay));
  // A client that resets mid-handshake (wrk at the end of its run) is no fleet failure.
  server.on('tlsClientError', () => {});
  server.on('clientError', (_err, socket: net.Socket) => socket.destroy());
  return server;
}

const tcpHolds: number[] = [];

function tcpServer(): net.Server {
  return net.createServer((socket) => {
    const acceptedAt = performance.now();
    socket.on('error', () => socket.destroy());
    socket.once('close', () => tcpHolds.push(performance.now() - acceptedAt));
    socket.resume();
  });
}

function dnsServer(host: string, nextDelay: () => number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, peer) => {
    const receivedAt = performance.now();
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const match = /^d(\d+)\./.exec(question.name);
    setTimeout(() => {
      const hold = encodeHoldAsAddress(performance.now() - receivedAt);
      const answers: dnsPacket.Answer[] = question.type === 'A' ? [{ type: 'A', name: question.name, ttl: 60, data: hold }] : [];
      const out = dnsPacket.encode({ type: 'response', id: query.id, flags: dnsPacket.RECURSION_DESIRED, questions: query.questions, answers });
      socket.send(out, peer.port, peer.address);
    }, match ? Number(match[1]) : nextDelay());
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve(socket.address().port));
  });
}

function serve(protocol: Protocol, host: string, input: FleetInput, nextDelay: () => number): Promise<number> {
  if (protocol === 'dns') return dnsServer(host, nextDelay);
  return listen(protocol === 'tcp' ? tcpServer() : webServer(protocol, input, nextDelay), host);
}

async function start(input: FleetInput): Promise<FleetReady> {
  const nextDelay = jitter(input);
  const ready: FleetReady = { http: [], https: [], tcp: [], dns: [] };
  for (const protocol of Object.keys(FLEET_SUBNETS) as Protocol[]) {
    ready[protocol] = await Promise.all(
      Array.from({ length: input.addresses }, async (_, i) => {
        const host = `127.0.${FLEET_SUBNETS[protocol]}.${i + 1}`;
        return { host, port: await serve(protocol, host, input, nextDelay) };
      }),
    );
  }
  return ready;
}

process.on('message', (message: { start?: FleetInput; holds?: true }) => {
  if (message.start) {
    start(message.start).then(
      (ready) => process.send?.({ ready }),
      (err: Error) => process.send?.({ error: err.message }),
    );
  } else if (message.holds) {
    process.send?.({ holds: tcpHolds.splice(0) });
  }
});
process.on('disconnect', () => process.exit(0));
