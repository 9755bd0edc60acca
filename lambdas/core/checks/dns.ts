import dns from 'node:dns';
import type { TargetSpec } from '../types';
import { CheckFailure, classifyError } from './classify';
import { judgeAnswer, type DnsRecordType } from './dns-answer';
import { askDns, parseResolver } from './dns-query';
import { monotonicMs, underDeadline, type CheckContext } from './timing';

/**
 * The dns://name check: ask one record type (A, AAAA, CNAME) of the target's resolver (or the
 * system's first), under the check's deadline. The answers go in the result; `expect.values` is
 * checked by the assertions. A reply without an address for the name fails (dns-answer.ts).
 */

const RCODE_TEXT: Record<number, string> = { 1: 'EFORMERR', 2: 'ESERVFAIL', 4: 'ENOTIMP', 5: 'EREFUSED' };
const RCODE_NXDOMAIN = 3;

export async function dnsCheck(target: TargetSpec, ctx: CheckContext): Promise<string[]> {
  const name = new URL(target.url).hostname;
  const type: DnsRecordType = target.dnsType ?? 'A';
  const { deadline, phases } = ctx;
  const configured = target.dnsResolver;
  const serverText = configured ?? dns.getServers()[0];
  if (!serverText) throw new CheckFailure('dns', `DNS ${type} ${name}: no system resolver configured — set ?resolver=IP[:PORT]`);
  const server = parseResolver(serverText);
  if (!server) throw new CheckFailure('error', `invalid DNS resolver address "${serverText}" — use IP or IP:PORT`);
  const endpoint = configured ?? 'the system resolver';
  deadline.phase = 'answer';
  const started = monotonicMs();

  // Errors named like node's resolver names them, so they read and classify as before.
  const failWith = (code: string): CheckFailure => {
    const err = Object.assign(new Error(`query${type} ${code} ${name}`), { code, hostname: name });
    const { error, reason } = classifyError(err, { phase: 'answer', endpoint });
    return new CheckFailure(error, reason.replace(/^DNS /, `DNS ${type} `));
  };

  return underDeadline<string[]>(deadline, (resolve, reject) => {
    const exchange = askDns(server, name, type);
    exchange.reply.then(
      (reply) => {
        phases.add('dns', monotonicMs() - started);
        const rcodeError = RCODE_TEXT[reply.rcode];
        if (rcodeError) return reject(failWith(rcodeError));
        if (reply.rcode !== 0 && reply.rcode !== RCODE_NXDOMAIN) {
          return reject(new CheckFailure('dns', `DNS ${type} ${name}: resolver answered RCODE ${reply.rcode} from ${endpoint}`));
        }
        const verdict = judgeAnswer(name, type, reply.rcode === RCODE_NXDOMAIN, reply.answers);
        if (verdict.ok) return resolve(verdict.answers);
        if (verdict.nxdomain) return reject(failWith('ENOTFOUND'));
        reject(new CheckFailure('dns', `DNS ${type} ${name}: ${verdict.reason} from ${endpoint}`));
      },
      (err: unknown) => {
        phases.add('dns', monotonicMs() - started);
        const { error, reason } = classifyError(Object.assign(err as object, { hostname: name }), { phase: 'answer', endpoint });
        reject(new CheckFailure(error, reason.replace(/^DNS /, `DNS ${type} `)));
      },
    );
    return () => exchange.cancel();
  });
}
