import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DnsRecord, DnsRecordType } from './dns-answer';
import { dnsName } from './dns-answer';

/**
 * One DNS question to one server, the way a stub resolver asks it: a UDP datagram with
 * recursion desired and an EDNS0 buffer of 1232 bytes, then the same question over TCP when the
 * reply comes back truncated (TC). Raw replies, so the check sees the whole answer section —
 * CNAME chains and owner names included — instead of a library's "no data".
 */

export interface ResolverAddress {
  host: string;
  port: number;
}

export interface DnsReply {
  /** RCODE: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, … */
  rcode: number;
  answers: DnsRecord[];
}

/** The DNS flag-safe EDNS0 UDP size: no IP fragmentation on any path. */
const EDNS_UDP_BYTES = 1232;

/** "IP", "IP:PORT", "[IPv6]:PORT" or a bare IPv6 literal; null when it is none of them. */
export function parseResolver(text: string): ResolverAddress | null {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const [host, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : net.isIPv6(text)
      ? [text, undefined]
      : (text.split(':') as [string, string | undefined]);
  const portNumber = port === undefined ? 53 : Number(port);
  if (net.isIP(host) === 0 || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) return null;
  return { host, port: portNumber };
}

/** The question as asked: the reply must echo all three to count as ours. */
interface Question {
  id: number;
  name: string;
  type: QueryType;
}

/** The types a check asks, and NS (the security patrol's name-server watch). */
export type QueryType = DnsRecordType | 'NS';

function badResponse(question: Question, detail = ''): NodeJS.ErrnoException {
  return Object.assign(new Error(`query${question.type} EBADRESP ${question.name}${detail}`), { code: 'EBADRESP' });
}

function toReply(packet: dnsPacket.DecodedPacket): DnsReply {
  return {
    rcode: (packet.flags ?? 0) & 0xf,
    answers: (packet.answers ?? []).map((a) => ({ name: a.name, type: a.type, data: (a as { data?: unknown }).data })),
  };
}

/** The reply answers our question (same id, same name and type); anything else is not ours. */
function answersQuestion(packet: dnsPacket.DecodedPacket, { id, name, type }: Question): boolean {
  const q = packet.questions?.[0];
  return packet.type === 'response' && packet.id === id && !!q && q.type === type && dnsName(q.name) === dnsName(name);
}

/** A stub resolver's query: recursion desired, EDNS0 so a big answer need not fall back to TCP. */
function queryPacket({ id, name, type }: Question): dnsPacket.Packet {
  return {
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_BYTES } as dnsPacket.Answer],
  };
}

export interface DnsExchange {
  reply: Promise<DnsReply>;
  /** Closes whatever socket is still open (deadline reached). */
  cancel(): void;
}

export function askDns(server: ResolverAddress, name: string, type: QueryType): DnsExchange {
  const question: Question = { id: randomInt(0, 65_536), name, type };
  const query = queryPacket(question);
  const udp = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  let tcp: net.Socket | undefined;
  const cancel = () => {
    try {
      udp.close();
    } catch {
      // already closed
    }
    tcp?.destroy();
  };
  const overTcp = () => {
    const socket = net.connect({ host: server.host, port: server.port });
    tcp = socket;
    return readTcpReply(socket, query, question).finally(() => socket.destroy());
  };
  return { reply: readUdpReply(udp, server, query, question, { cancel, overTcp }), cancel };
}

/**
 * Sends the query as one datagram and waits for the reply to it; a truncated reply (TC) asks
 * again over TCP. `cancel` closes whichever sockets are still open.
 */
function readUdpReply(
  udp: dgram.Socket,
  server: ResolverAddress,
  query: dnsPacket.Packet,
  question: Question,
  { cancel, overTcp }: { cancel: () => void; overTcp: () => Promise<DnsReply> },
): Promise<DnsReply> {
  return new Promise<DnsReply>((resolve, reject) => {
    udp.on('error', (err) => {
      cancel();
      reject(err);
    });
    udp.on('message', (message) => {
      let packet: dnsPacket.DecodedPacket;
      try {
        packet = dnsPacket.decode(message);
      } catch {
        cancel();
        reject(badResponse(question));
        return;
      }
      // The socket is connected: only the resolver's address reaches it. A reply to another
      // question (a late answer to an earlier query) is skipped, not believed.
      if (!answersQuestion(packet, question)) return;
      udp.close();
      if (packet.flag_tc) overTcp().then(resolve, reject);
      else resolve(toReply(packet));
    });
    udp.connect(server.port, server.host, () => udp.send(dnsPacket.encode(query)));
  });
}

/** The same question over TCP: a length-prefixed message out, one length-prefixed reply back. */
function readTcpReply(tcp: net.Socket, query: dnsPacket.Packet, question: Question): Promise<DnsReply> {
  return new Promise<DnsReply>((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    tcp.on('error', reject);
    tcp.on('connect', () => tcp.write(dnsPacket.streamEncode(query)));
    tcp.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      tcp.destroy();
      let packet: dnsPacket.DecodedPacket;
      try {
        packet = dnsPacket.streamDecode(buffered) as dnsPacket.DecodedPacket;
      } catch {
        reject(badResponse(question));
        return;
      }
      if (!answersQuestion(packet, question)) reject(badResponse(question));
      else resolve(toReply(packet));
    });
    tcp.on('end', () => reject(badResponse(question, ' (TCP reply cut short)')));
  });
}
