import dns from 'node:dns';
import { askDns, parseResolver } from '../checks/dns-query';
import { dnsName } from '../checks/dns-answer';
import type { TargetSpec } from '../types';
import { remainingMs, type ExtraBudget } from './budget';

/**
 * The NS set of a dns:// target's zone, asked of the target's resolver: the name's own NS
 * records, or its parent's when the name is not a zone apex (two steps up at most). Null when
 * nothing answered in time: an unanswered NS question judges nothing.
 */

const MAX_STEPS = 3;

async function askNs(server: { host: string; port: number }, name: string, timeoutMs: number, signal?: AbortSignal): Promise<string[] | null> {
  const exchange = askDns(server, name, 'NS');
  const timer = setTimeout(() => exchange.cancel(), timeoutMs);
  const cancel = () => exchange.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const reply = await exchange.reply;
    if (reply.rcode !== 0) return [];
    return reply.answers.filter((a) => a.type === 'NS' && dnsName(a.name) === dnsName(name)).map((a) => dnsName(String(a.data)));
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

export async function nameServersOf(target: TargetSpec, budget: ExtraBudget): Promise<string[] | null> {
  const server = parseResolver(target.dnsResolver ?? dns.getServers()[0] ?? '');
  if (!server) return null;
  let name = dnsName(new URL(target.url).hostname);
  for (let step = 0; step < MAX_STEPS && name.includes('.'); step++) {
    const leftMs = Math.min(target.timeoutMs, remainingMs(budget));
    if (leftMs <= 0) return null;
    const found = await askNs(server, name, leftMs, budget.signal);
    if (found === null) return null;
    if (found.length > 0) return found;
    name = name.slice(name.indexOf('.') + 1);
  }
  return null;
}
