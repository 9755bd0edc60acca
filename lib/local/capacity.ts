import Table from 'cli-table3';
import pc from 'picocolors';
import { runCapacityCycle, type CapacityCycleReport } from '../../lambdas/app/capacity-cycle';
import type { CapacityLevel } from '../../lambdas/core/capacity/levels';
import type { CapacityReading, CapacityUnit } from '../../lambdas/core/capacity/types';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { humanHours } from '../../lambdas/core/capacity/forecast';
import { startLocalRuntime } from './runtime';
import { UsageError } from './usage-error';

/**
 * `pantau capacity`: read every configured capacity source once, with the capacity Lambda's own
 * cycle against the embedded DynamoDB (in memory, or on disk with --store so repeated runs build
 * the history forecasts need), and print site, resource, used/total, utilisation, headroom and
 * forecast. Exit 0 all fine, 1 a source failed or a resource is critical, 2 bad config/usage.
 * Alerts are not sent from here: one reading is never enough for the engine's thresholds.
 */

export interface CapacityOptions {
  json?: boolean;
  store?: string;
}

export interface CapacityCommandResult {
  exitCode: number;
  report: CapacityCycleReport;
}

export async function capacityCommand(
  config: ResolvedConfig,
  options: CapacityOptions,
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<CapacityCommandResult> {
  if (config.capacity.length === 0) {
    throw new UsageError(
      'capacity: no sources configured — add capacity: [{ site: <name>, source: { type: prometheus, url: http://127.0.0.1:9100/metrics, preset: node-exporter } }] to the config',
    );
  }
  const runtime = await startLocalRuntime(config, { storeDir: options.store });
  try {
    const report = await runCapacityCycle(config.capacity, runtime.capacityDeps());

    if (options.json) {
      report.readings.forEach((r, i) => out.write(`${capacityJson(r, report.levels[i]!)}\n`));
    } else {
      out.write(`${capacityTable(report, { color: Boolean(out.isTTY) })}\n`);
    }
    for (const f of report.failures) {
      err.write(`error: capacity ${f.resource ? `${f.site}/${f.resource}` : `source ${f.sourceId}`} failed: ${f.reason}\n`);
    }
    for (const e of report.sinkErrors) err.write(`warning: ${e.sink} sink failed: ${e.message}\n`);
    const critical = report.levels.includes('critical');
    return { exitCode: report.failures.length > 0 || critical ? 1 : 0, report };
  } finally {
    await runtime.close();
  }
}

/** The `--json` line: the CapacityReading fields (a contract) plus the level. */
export function capacityJson(r: CapacityReading, level: CapacityLevel): string {
  return JSON.stringify({
    site: r.site,
    resource: r.resource,
    unit: r.unit,
    used: r.used,
    total: r.total,
    utilisation: r.utilisation,
    headroom: r.headroom,
    headroomPct: r.headroomPct,
    hoursToExhaustion: r.hoursToExhaustion,
    hoursToCritical: r.hoursToCritical,
    forecastNote: r.forecastNote ?? null,
    ...(r.note ? { note: r.note } : {}),
    level,
    ts: r.ts,
  });
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const DECIMAL_BITS = ['b/s', 'kb/s', 'Mb/s', 'Gb/s', 'Tb/s'];

function scaled(value: number, base: number, units: string[]): string {
  let v = value;
  let i = 0;
  while (Math.abs(v) >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** A value in its unit, for people: 1.5 GiB, 940 Mb/s, 0.25 cores, 3.2 kW. */
export function humanValue(value: number, unit: CapacityUnit): string {
  switch (unit) {
    case 'bytes':
      return scaled(value, 1024, BINARY);
    case 'bps':
      return scaled(value, 1000, DECIMAL_BITS);
    case 'watts':
      return scaled(value, 1000, ['W', 'kW', 'MW']);
    case 'cores':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} cores`;
    case 'percent':
      return `${value.toFixed(1)} %`;
    case 'units':
    default:
      return `${Math.round(value * 100) / 100}`;
  }
}

function forecastText(r: CapacityReading): string {
  if (r.hoursToExhaustion !== null) return r.hoursToExhaustion === 0 ? 'full now' : `full in ${humanHours(r.hoursToExhaustion)}`;
  return r.forecastNote ?? '-';
}

function levelText(level: CapacityLevel, color: boolean): string {
  const paint = color ? pc : { red: String, yellow: String, green: String };
  if (level === 'critical' || level === 'failed') return paint.red(level.toUpperCase());
  if (level === 'warn' || level === 'forecast') return paint.yellow(level.toUpperCase());
  return paint.green('OK');
}

export function capacityTable(report: CapacityCycleReport, options: { color: boolean }): string {
  const table = new Table({
    head: ['site', 'resource', 'used / total', 'utilisation', 'headroom', 'forecast', 'level'],
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
  });
  report.readings.forEach((r, i) => {
    table.push([
      r.site,
      r.resource,
      `${humanValue(r.used, r.unit)} / ${humanValue(r.total, r.unit)}`,
      `${r.utilisation.toFixed(1)} %`,
      `${humanValue(r.headroom, r.unit)} (${r.headroomPct.toFixed(1)} %)`,
      forecastText(r),
      levelText(report.levels[i]!, options.color),
    ]);
  });
  for (const f of report.failures) {
    table.push([f.site, f.resource ?? `(source ${f.sourceId})`, '-', '-', '-', '-', levelText('failed', options.color)]);
  }
  const notes = report.readings.filter((r) => r.note).map((r) => `note: ${r.site}/${r.resource}: ${r.note}`);
  return [table.toString(), ...notes].join('\n');
}
