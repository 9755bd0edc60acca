/**
 * What a DNS reply says about the asked name, decided from its answer section alone: the
 * addresses at the end of the name's CNAME chain, or exactly why there are none. A reply with
 * no usable address is never an empty success: NODATA, a CNAME loop, a dangling CNAME and an
 * answer for some other name each fail with their own reason.
 */

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME';

/** One answer-section record, owner name as sent. */
export interface DnsRecord {
  name: string;
  type: string;
  data: unknown;
}

export type DnsVerdict =
  | { ok: true; answers: string[] }
  /** `nxdomain`: the name itself does not exist (its reason is built where the error codes live). */
  | { ok: false; nxdomain: true }
  | { ok: false; nxdomain?: false; reason: string };

/** A longer chain is treated as a loop we cannot see the end of (resolvers stop near here too). */
export const MAX_CNAME_CHAIN = 16;

/** Owner names compare case-insensitively, without the root dot. */
export function dnsName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function ownedBy(records: readonly DnsRecord[], owner: string, type: string): DnsRecord[] {
  return records.filter((r) => r.type === type && dnsName(r.name) === owner);
}

/** Other owners' records of the asked type (or CNAMEs): an answer, but not for this name. */
function foreignOwner(records: readonly DnsRecord[], chain: readonly string[], type: DnsRecordType): string | undefined {
  const foreign = records.find((r) => (r.type === type || r.type === 'CNAME') && !chain.includes(dnsName(r.name)));
  return foreign ? dnsName(foreign.name) : undefined;
}

export function judgeAnswer(queried: string, type: DnsRecordType, nxdomain: boolean, records: readonly DnsRecord[]): DnsVerdict {
  const name = dnsName(queried);
  if (type === 'CNAME') {
    const own = ownedBy(records, name, 'CNAME');
    if (own.length > 0) return { ok: true, answers: own.map((r) => dnsName(String(r.data))) };
  } else {
    const chain = [name];
    for (;;) {
      const current = chain[chain.length - 1]!;
      const addresses = ownedBy(records, current, type);
      if (addresses.length > 0) return { ok: true, answers: addresses.map((r) => String(r.data).toLowerCase()) };
      const cname = ownedBy(records, current, 'CNAME')[0];
      if (!cname) break;
      const next = dnsName(String(cname.data));
      if (chain.includes(next)) return { ok: false, reason: `CNAME loop: ${[...chain, next].join(' → ')}` };
      chain.push(next);
      if (chain.length > MAX_CNAME_CHAIN) {
        return { ok: false, reason: `CNAME chain longer than ${MAX_CNAME_CHAIN}: ${chain.slice(0, 3).join(' → ')} → …` };
      }
    }
    if (chain.length > 1) {
      const last = chain[chain.length - 1]!;
      const other = foreignOwner(records, chain, type);
      if (other) return { ok: false, reason: `answer for ${other}, not ${last} (CNAME ${chain.join(' → ')})` };
      // The name exists (it has a CNAME); what it points at has no address — whether the reply
      // said NXDOMAIN (target missing) or NOERROR (target without this type).
      return { ok: false, reason: `dangling CNAME: ${chain.join(' → ')} (no ${type} address)` };
    }
  }
  if (nxdomain) return { ok: false, nxdomain: true };
  const other = foreignOwner(records, [name], type);
  if (other) return { ok: false, reason: `answer for ${other}, not ${name}` };
  return { ok: false, reason: `no ${type} record (NODATA)` };
}
