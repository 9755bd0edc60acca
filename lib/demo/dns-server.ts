import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';

/**
 * A small DNS server on 127.0.0.1 (port 0, UDP and TCP on the same port): the demo fleet's
 * resolver and the tests' DNS target. It answers like a recursive resolver would for its zone:
 * a CNAME is followed inside the zone (a loop or a missing target shows up in the answer
 * section, as it does from a real resolver), names outside the zone get NXDOMAIN, and a name
 * can also SERVFAIL, stay silent, answer for another owner, need TCP or send garbage.
 */

const LOOPBACK = '127.0.0.1';
/** The server stops following a CNAME chain here, as resolvers do (a loop answers with its records). */
const MAX_CHAIN = 16;
/** TCP replies of a test server are tiny: a client sending more than this is cut off. */
const MAX_TCP_QUERY_BYTES = 4096;

/** Records a zone answers with; a name not in the zone gets NXDOMAIN. */
export interface DnsRecords {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  /** Name servers of the name (NS queries). */
  NS?: string[];
  /** Answer SERVFAIL for this name. */
  servfail?: boolean;
  /** Never answer queries for this name. */
  silent?: boolean;
  /** Put this owner name on the answers instead of the asked one (a broken or spoofing resolver). */
  answerAs?: string;
  /** Over UDP, answer with the TC bit and no records: the full answer needs TCP. */
  truncated?: boolean;
  /** Answer with bytes that are not a DNS message. */
  garbage?: boolean;
}

export interface RunningDnsServer {
  /** `127.0.0.1:PORT`, the form TargetSpec.dnsResolver takes. */
  address: string;
  port: number;
  /** Queries received so far (name, type and transport). */
  queries: Array<{ name: string; type: string; tcp?: true }>;
  close(): Promise<void>;
}

const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;

const bare = (name: string) => name.replace(/\.$/, '').toLowerCase();

/** The answer section and RCODE for one question, following CNAMEs inside the zone. */
function answerFor(zone: Record<string, DnsRecords>, question: dnsPacket.Question): { rcode: number; answers: dnsPacket.Answer[] } {
  const answers: dnsPacket.Answer[] = [];
  const seen = new Set<string>();
  let name = bare(question.name);
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const records = zone[name];
    if (!records) return { rcode: RCODE_NXDOMAIN, answers };
    if (records.servfail) return { rcode: RCODE_SERVFAIL, answers: [] };
    const owner = records.answerAs ?? name;
    if (records.CNAME) {
      answers.push({ type: 'CNAME', name: owner, ttl: 60, data: records.CNAME });
      // A CNAME answers queries of any type; only address queries follow it.
      if (question.type === 'CNAME' || seen.has(name)) break;
      seen.add(name);
      name = bare(records.CNAME);
      continue;
    }
    if (question.type === 'A' || question.type === 'AAAA' || question.type === 'NS') {
      for (const data of records[question.type] ?? []) answers.push({ type: question.type, name: owner, ttl: 60, data });
    }
    break;
  }
  return { rcode: 0, answers };
}

function reply(zone: Record<string, DnsRecords>, query: dnsPacket.DecodedPacket, overUdp: boolean): Buffer | null {
  const question = query.questions?.[0];
  if (!question) return null;
  const records = zone[bare(question.name)];
  if (records?.silent) return null;
  if (records?.garbage) return Buffer.from('this is not a DNS message');
  const cut = overUdp && records?.truncated === true;
  const { rcode, answers } = cut ? { rcode: 0, answers: [] } : answerFor(zone, question);
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | (cut ? dnsPacket.TRUNCATED_RESPONSE : 0) | rcode,
    questions: query.questions,
    answers,
  });
}

function decodeQuery(message: Buffer): dnsPacket.DecodedPacket | null {
  try {
    return dnsPacket.decode(message);
  } catch {
    return null;
  }
}

/** A DNS server for `zone` (names without the trailing dot), UDP and TCP on one loopback port. */
export async function startDnsServer(zone: Record<string, DnsRecords>): Promise<RunningDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: RunningDnsServer['queries'] = [];
  const record = (query: dnsPacket.DecodedPacket, tcp: boolean) => {
    const question = query.questions?.[0];
    if (question) queries.push({ name: bare(question.name), type: question.type, ...(tcp ? { tcp: true as const } : {}) });
  };

  socket.on('message', (message, peer) => {
    const query = decodeQuery(message);
    if (!query) return;
    record(query, false);
    const out = reply(zone, query, true);
    if (out) socket.send(out, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  const { port } = socket.address();

  const connections = new Set<net.Socket>();
  const tcp = net.createServer((conn) => {
    connections.add(conn);
    conn.once('close', () => connections.delete(conn));
    conn.on('error', () => conn.destroy());
    let buffered = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_TCP_QUERY_BYTES) {
        conn.destroy();
        return;
      }
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      const query = decodeQuery(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
      const out = query ? (record(query, true), reply(zone, query, false)) : null;
      if (!out) {
        if (!query) conn.destroy();
        return;
      }
      const length = Buffer.alloc(2);
      length.writeUInt16BE(out.length);
      conn.end(Buffer.concat([length, out]));
    });
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, LOOPBACK, () => resolve());
  });

  return {
    address: `${LOOPBACK}:${port}`,
    port,
    queries,
    close: async () => {
      for (const conn of connections) conn.destroy();
      await Promise.all([
        new Promise<void>((resolve) => socket.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}
