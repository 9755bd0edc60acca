import Table from 'cli-table3';
import pc from 'picocolors';
import type { CheckResult, Phases } from '../../lambdas/core/types';

/**
 * Console rendering of results: the status table `pantau check` prints, and the JSON line form
 * (`--json`) whose field names are a contract for scripts.
 */

const ms = (v: number | null): string => (v === null ? '-' : `${Math.round(v)}`);

export function phasesText(p: Phases): string {
  return `dns ${ms(p.dns)} · conn ${ms(p.connect)} · tls ${ms(p.tls)} · ttfb ${ms(p.ttfb)} · xfer ${ms(p.transfer)}`;
}

export function statusText(r: CheckResult, color: boolean): string {
  const paint = color ? pc : { green: String, red: String, yellow: String };
  if (!r.ok) return paint.red(`DOWN ${r.error ?? ''}`.trim());
  if (r.warnings.length > 0) return paint.yellow('DEGRADED');
  return paint.green('UP');
}

export function resultsTable(results: CheckResult[], options: { color: boolean; width?: number }): string {
  const table = new Table({
    head: ['target', 'app', 'status', 'security', 'latency ms', 'phases ms', 'cert days', 'reason'],
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [null, null, null, null, null, null, null, Math.max(30, (options.width ?? 140) - 130)],
  });
  for (const r of results) {
    table.push([
      r.target,
      r.app,
      statusText(r, options.color),
      securityText(r, options.color),
      ms(r.latencyMs),
      phasesText(r.phases),
      r.certDaysLeft === null ? '-' : r.certDaysLeft.toFixed(1),
      r.ok && r.warnings.length > 0 ? r.warnings.join('; ') : r.reason,
    ]);
  }
  return table.toString();
}

/**
 * The patrol's verdict in the result's row: the paging finding kinds, `clean` when it judged and
 * raised nothing that pages (digest findings are listed under the table), `-` when it did not judge.
 */
export function securityText(r: CheckResult, color: boolean): string {
  if (!r.patrol) return '-';
  const paging = [...new Set(r.patrol.findings.filter((f) => f.severity === 'page').map((f) => f.finding))];
  if (paging.length === 0) return color ? pc.green('clean') : 'clean';
  const text = paging.join(', ');
  return color ? pc.red(text) : text;
}

/** The `--json` line for one result: every CheckResult field, `error` null when ok. */
export function resultJson(r: CheckResult): string {
  return JSON.stringify(r);
}

export function summaryLine(results: CheckResult[]): string {
  const down = results.filter((r) => !r.ok).length;
  const degraded = results.filter((r) => r.ok && r.warnings.length > 0).length;
  return `${results.length} checked: ${results.length - down} up (${degraded} degraded), ${down} down`;
}
