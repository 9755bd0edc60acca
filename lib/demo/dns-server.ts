import dgram from 'node:dgram';
import * as dnsPacket from 'dns-packet';

/**
 * A small authoritative UDP DNS server on 127.0.0.1 (port 0): the demo fleet's resolver and the
 * tests' DNS target. Names outside the zone get NXDOMAIN; a name can also SERVFAIL or stay silent.
 */

const LOOPBACK = '127.0.0.1';

/** Records a zone answers with; a name not in the zone gets NXDOMAIN. */
export interface DnsRecords {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  /** Answer SERVFAIL for this name. */
  servfail?: boolean;
  /** Never answer queries for this name. */
  silent?: boolean;
}

export interface RunningDnsServer {
  /** `127.0.0.1:PORT`, the form TargetSpec.dnsResolver takes. */
  address: string;
  port: number;
  /** Queries received so far (name and type). */
  queries: Array<{ name: string; type: string }>;
  close(): Promise<void>;
}

const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;

/** An authoritative UDP DNS server for `zone` (names without the trailing dot). */
export async function startDnsServer(zone: Record<string, DnsRecords>): Promise<RunningDnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: RunningDnsServer['queries'] = [];
  socket.on('message', (message, peer) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.replace(/\.$/, '').toLowerCase();
    queries.push({ name, type: question.type });
    const records = zone[name];
    if (records?.silent) return;
    let rcode = 0;
    const answers: dnsPacket.Answer[] = [];
    if (!records) rcode = RCODE_NXDOMAIN;
    else if (records.servfail) rcode = RCODE_SERVFAIL;
    else if (question.type === 'A' || question.type === 'AAAA' || question.type === 'CNAME') {
      // Like a real server: a CNAME answers queries of any type.
      if (records.CNAME) answers.push({ type: 'CNAME', name: question.name, ttl: 60, data: records.CNAME });
      else if (question.type !== 'CNAME') {
        for (const data of records[question.type] ?? []) answers.push({ type: question.type, name: question.name, ttl: 60, data });
      }
    }
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | rcode,
      questions: query.questions,
      answers,
    });
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
  const { port } = socket.address();
  return {
    address: `${LOOPBACK}:${port}`,
    port,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
