import { BlockList, isIP } from 'node:net';
import { nameCovers } from './cert-judge';
import type { FindingKind, SecurityFinding } from './finding';
import { finding, type JudgeOutcome } from './state';

/**
 * DNS integrity: every answer must be inside `expect.allow` (addresses, CIDR ranges, names with
 * an optional leading `*.`), and the name's NS set must stay the learned one. A hijacked zone or
 * a poisoned resolver adds or swaps an address; the check alone passes as long as the expected
 * value is still among the answers.
 */

export interface AllowList {
  contains(answer: string): boolean;
}

export function allowList(entries: readonly string[]): AllowList {
  const ranges = new BlockList();
  const names: string[] = [];
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address);
    if (family === 0) names.push(entry.toLowerCase().replace(/\.$/, ''));
    else if (prefix === undefined) ranges.addAddress(address, family === 6 ? 'ipv6' : 'ipv4');
    else ranges.addSubnet(address, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    contains(answer) {
      const family = isIP(answer);
      if (family !== 0) return ranges.check(answer, family === 6 ? 'ipv6' : 'ipv4');
      return names.some((n) => nameCovers(n, answer));
    },
  };
}

export function judgeAnswers(answers: readonly string[], allow: readonly string[]): JudgeOutcome<never> {
  if (allow.length === 0) return { judged: [], findings: [], notes: [] };
  const list = allowList(allow);
  const outside = answers.filter((a) => !list.contains(a));
  const findings: SecurityFinding[] = outside.length > 0
    ? [finding('dns_unexpected', `${outside.slice(0, 3).join(', ')} not in expect.allow`, `answers: ${answers.join(', ')}`)]
    : [];
  return { judged: ['dns_unexpected'], findings, notes: [] };
}

/** The NS set against the learned one; learned on first sight, kept (not followed) when it changes. */
export function judgeNameServers(now: readonly string[], stored: readonly string[] | undefined): JudgeOutcome<string[]> {
  const judged: FindingKind[] = ['dns_ns_changed'];
  const current = [...new Set(now.map((n) => n.toLowerCase().replace(/\.$/, '')))].sort();
  if (current.length === 0) return { judged: [], findings: [], notes: [] };
  if (!stored) return { judged, findings: [], notes: ['name servers learned'], next: current };
  if (current.join(',') === stored.join(',')) return { judged, findings: [], notes: [] };
  return {
    judged,
    findings: [finding('dns_ns_changed', `NS now ${current.join(', ')} (was ${stored.join(', ')})`)],
    notes: [],
  };
}
