import Table from 'cli-table3';
import pc from 'picocolors';
import type { CheckResult } from '../../lambdas/core/types';
import type { FindingKind, FindingSeverity } from '../../lambdas/core/patrol/finding';

/** The security patrol's findings on the console: `pantau patrol`'s table and JSON lines, and the lines under `pantau check`'s table. */

/** One finding as `pantau patrol --json` prints it. Field names are a contract for scripts. */
export interface FindingLine {
  target: string;
  app: string;
  url: string;
  finding: FindingKind;
  severity: FindingSeverity;
  evidence: string;
  detail?: string;
  /** One run cannot see a finding clear: every finding it prints is `open`. */
  state: 'open';
  region: string;
  ts: string;
}

export function findingLines(results: CheckResult[]): FindingLine[] {
  return results.flatMap((r) =>
    (r.patrol?.findings ?? []).map((f) => ({
      target: r.target,
      app: r.app,
      url: r.url,
      finding: f.finding,
      severity: f.severity,
      evidence: f.evidence,
      ...(f.detail ? { detail: f.detail } : {}),
      state: 'open' as const,
      region: r.region,
      ts: r.ts,
    })),
  );
}

/** The lines `pantau check` prints under its table: one per finding, paging ones first. */
export function findingsUnderTable(results: CheckResult[], color: boolean): string[] {
  const lines = findingLines(results).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'page' ? -1 : 1));
  if (lines.length === 0) return [];
  const paint = color ? pc : { red: String, yellow: String };
  return [
    'Security findings:',
    ...lines.map((l) => `  ${l.severity === 'page' ? paint.red('SECURITY') : paint.yellow('digest  ')} ${l.target} ${l.finding}: ${l.evidence}`),
  ];
}

export function findingsTable(lines: FindingLine[], color: boolean): string {
  const table = new Table({
    head: ['target', 'app', 'finding', 'severity', 'evidence'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
    wordWrap: true,
  });
  for (const l of lines) table.push([l.target, l.app, l.finding, l.severity === 'page' ? (color ? pc.red('page') : 'page') : 'digest', l.evidence]);
  return table.toString();
}

/** "2 findings (1 page, 1 digest) on 3 targets patrolled; 1 not judged (down)". */
export function patrolSummary(results: CheckResult[], lines: FindingLine[]): string {
  const pages = lines.filter((l) => l.severity === 'page').length;
  const unjudged = results.filter((r) => !r.patrol).length;
  const head = `${lines.length} finding${lines.length === 1 ? '' : 's'} (${pages} page, ${lines.length - pages} digest) on ${results.length} target${results.length === 1 ? '' : 's'} patrolled`;
  return unjudged > 0 ? `${head}; ${unjudged} not judged (down, or the patrol is off for them)` : head;
}
