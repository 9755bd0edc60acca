import type { Command } from 'commander';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { DEFAULTS } from '../../lambdas/contracts/defaults';
import { parseDuration } from '../config/duration';
import { largestService, type CostEstimate } from '../cost/model';
import { withKnobs } from '../cost/knobs';
import { applyKnobs, type FleetKnobs } from '../cost/synthetic-fleet';
import { PRICES_CHECKED } from '../cost/prices';
import { UsageError } from './usage-error';

/**
 * `pantau cost`: the monthly AWS bill of the config (or of a synthetic fleet shaped by the
 * knobs), per service, beside CloudWatch Synthetics for the same checks. The model and its
 * figures live in lib/cost; this module reads the options and prints.
 */

export interface CostOptions {
  targets?: number;
  interval?: string;
  regions?: number;
  shardSize?: number;
  memory?: number;
  metrics?: string;
  historyDays?: number;
  json?: boolean;
}

export function knobsFrom(opts: CostOptions): FleetKnobs {
  const knobs: FleetKnobs = { targets: opts.targets, regions: opts.regions, shardSize: opts.shardSize, historyDays: opts.historyDays };
  if (opts.interval !== undefined) {
    const parsed = parseDuration(opts.interval);
    if (!parsed.ok) throw new UsageError(`--interval: ${parsed.problem}`);
    knobs.intervalMs = parsed.ms;
  }
  if (opts.metrics !== undefined) {
    if (opts.metrics !== 'app' && opts.metrics !== 'detailed') throw new UsageError(`--metrics: "${opts.metrics}" is not a metrics level — use app or detailed`);
    knobs.metrics = opts.metrics;
  }
  return knobs;
}

export function formatCost(estimate: CostEstimate): string {
  const usd = (n: number): string => `$${n.toFixed(n < 1 ? 4 : 2)}`;
  const width = Math.max(...estimate.services.map((s) => s.service.length));
  const rows = estimate.services.map((s) => `  ${s.service.padEnd(width)}  ${usd(s.usdPerMonth).padStart(10)}  ${s.basis}`);
  const top = largestService(estimate);
  return [
    `${estimate.endpoints} endpoints from ${estimate.regions.length} region(s) (${estimate.regions.join(', ')}), ${estimate.checksPerMonth.toLocaleString('en-US')} checks/month, probe memory ${estimate.memoryMb} MB`,
    ...rows,
    `  ${'total'.padEnd(width)}  ${usd(estimate.totalUsdPerMonth).padStart(10)}  per endpoint ${usd(estimate.perEndpointUsdPerMonth)}/month${top ? ` (largest: ${top.service})` : ''}`,
    `  CloudWatch Synthetics for the same checks: ${usd(estimate.syntheticsUsdPerMonth)}/month ($0.0012 per canary run)`,
    ...knobLines(estimate),
    `Prices of ${PRICES_CHECKED}; sources and assumptions in docs/cost.md.`,
  ].join('\n');
}

/** What each knob would save on this estimate, best first; the goal line says whether it is met. */
function knobLines(estimate: CostEstimate): string[] {
  const knobs = [...(estimate.knobs ?? [])].sort((a, b) => b.savesUsdPerMonth - a.savesUsdPerMonth);
  if (knobs.length === 0) return [];
  const width = Math.max(...knobs.map((k) => k.knob.length));
  const goal = estimate.perEndpointUsdPerMonth < GOAL_USD ? 'under' : 'over';
  return [
    `Knobs (per endpoint now $${estimate.perEndpointUsdPerMonth.toFixed(4)}, ${goal} the $${GOAL_USD.toFixed(2)} goal):`,
    ...knobs.map(
      (k) => `  ${k.knob.padEnd(width)}  saves $${k.savesUsdPerMonth.toFixed(2).padStart(7)}/month → $${k.perEndpointUsdPerMonthAfter.toFixed(4)} per endpoint  ${k.setting}`,
    ),
  ];
}

/** The issue's goal: under $0.10 per endpoint-month. */
const GOAL_USD = 0.1;

export function costCommand(config: ResolvedConfig, opts: CostOptions): { exitCode: number } {
  let scaled: ResolvedConfig;
  try {
    scaled = applyKnobs(config, knobsFrom(opts));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message);
  }
  const estimate = withKnobs(scaled, opts.memory ?? DEFAULTS.functionMemoryMb);
  process.stdout.write(opts.json ? `${JSON.stringify(estimate, null, 2)}\n` : `${formatCost(estimate)}\n`);
  return { exitCode: 0 };
}

export function registerCost(program: Command, load: (file: string | undefined) => ResolvedConfig, positiveInt: (v: string) => number, setExit: (code: number) => void): void {
  program
    .command('cost')
    .description('estimate the monthly AWS cost of the config (or of a synthetic fleet), per service, beside CloudWatch Synthetics')
    .option('-c, --config <file>', 'config file (default: config/pantau.config.yaml)')
    .option('--targets <n>', 'model N https targets cloned from the config\'s first https target instead of its own', positiveInt)
    .option('--interval <duration>', 'check every target at this interval (e.g. 1m, 30s)')
    .option('--regions <n>', 'probe from N regions (the config\'s first, then ap-southeast-1, ap-southeast-2 …)', positiveInt)
    .option('--shard-size <n>', 'targets per probe invocation', positiveInt)
    .option('--memory <mb>', `probe Lambda memory in MB (default ${DEFAULTS.functionMemoryMb})`, positiveInt)
    .option('--metrics <level>', 'CloudWatch detail for every target: app or detailed')
    .option('--history-days <n>', 'days results stay in DynamoDB (the table TTL)', positiveInt)
    .option('--json', 'print the estimate as JSON')
    .action((opts) => setExit(costCommand(load(opts.config), opts).exitCode));
}
