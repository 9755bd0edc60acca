import { Resolver } from 'node:dns';
import type { TargetSpec } from '../types';
import { CheckFailure, classifyError } from './classify';
import { monotonicMs, underDeadline, type CheckContext } from './timing';

/**
 * The dns://name check: resolve one record type (A, AAAA, CNAME) against the target's resolver
 * (or the system's), with the check's deadline as the query timeout. The answers go in the
 * result; `expect.values` is checked by the assertions.
 */

export async function dnsCheck(target: TargetSpec, ctx: CheckContext): Promise<string[]> {
  const name = new URL(target.url).hostname;
  const type = target.dnsType ?? 'A';
  const { deadline, phases } = ctx;
  // One try, and a c-ares timeout just past the check's deadline: the deadline is what ends a
  // silent query (with its usual reason), and c-ares's own retries can never outlast it.
  const resolver = new Resolver({ timeout: Math.ceil(deadline.remainingMs()) + 100, tries: 1 });
  const server = target.dnsResolver;
  if (server) {
    try {
      resolver.setServers([server]);
    } catch {
      throw new CheckFailure('error', `invalid DNS resolver address "${server}" — use IP or IP:PORT`);
    }
  }
  const endpoint = server ?? 'the system resolver';
  deadline.phase = 'answer';
  const started = monotonicMs();

  return underDeadline<string[]>(deadline.signal, (resolve, reject) => {
    const done = (err: NodeJS.ErrnoException | null, answers: string[]) => {
      phases.add('dns', monotonicMs() - started);
      if (!err) {
        resolve(answers);
        return;
      }
      const { error, reason } = classifyError(err, { phase: 'answer', endpoint });
      reject(new CheckFailure(error, reason.replace(/^DNS /, `DNS ${type} `)));
    };
    if (type === 'AAAA') resolver.resolve6(name, done);
    else if (type === 'CNAME') resolver.resolveCname(name, done);
    else resolver.resolve4(name, done);
    return () => resolver.cancel();
  });
}
