import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { TargetSpec } from '../../lambdas/core/types';
import { resolveAlerting } from './alerting';
import { resolveCapacity } from './capacity';
import { resolveMaintenance } from './maintenance';
import { formatPath, Problems } from './problems';
import { regionsSchema, topLevelSchema } from './schema';
import { lineOfPath } from './source-lines';
import { resolveTargets } from './targets';
import { resolveStatusPage } from './status-page-schema';
import { resolveControls } from './controls';
import { resolveSlo } from './slo';
import { judgeTargets, PrivatePlacement, resolveVpc } from './vpc';
import { resolveOnCall } from './oncall';
import { aliasLine, depthLine, MAX_ALIAS_COUNT, sizeProblem, yamlErrorLine } from './yaml-guard';
import { budgetProblems } from '../../lambdas/core/schedule/shard-plan';
import { allShards } from '../../lambdas/core/schedule/fleet-plan';
import { DEFAULTS } from '../../lambdas/contracts/defaults';

/**
 * Reads and validates pantau.config.yaml into the ResolvedConfig contract (lambdas/core/config.ts).
 * Every problem in the file is collected first; then one ConfigError carries them all, one line
 * each (`path: problem — fix (line N)`), ready to print. Nothing here throws anything else for bad
 * input, so callers never show a stack trace to an operator.
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
  /** One entry per problem, as printed. */
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export const CONFIG_DEFAULTS = {
  project: 'pantau',
  homeRegion: DEFAULTS.homeRegion,
  metricsNamespace: DEFAULTS.metricsNamespace,
  historyDays: DEFAULTS.historyDays,
  logRetentionDays: DEFAULTS.logRetentionDays,
  shardSize: 25,
  concurrency: DEFAULTS.probeConcurrency,
} as const;

export function loadConfig(path: string, opts: Pick<ParseOptions, 'shardBudgets'> = {}): ResolvedConfig {
  let text: string;
  try {
    // Sized before reading: a multi-gigabyte file must not be read into memory to be refused.
    const stat = statSync(path);
    const tooBig = stat.isFile() ? sizeProblem(stat.size) : null;
    if (tooBig) throw new ConfigError([`${path}: ${tooBig}`]);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError([`${path}: config file not found — pass --config <file> or create config/pantau.config.yaml`]);
    }
    if (code === 'EISDIR') throw new ConfigError([`${path}: is a folder — pass the YAML file itself, e.g. ${path}/pantau.config.yaml`]);
    throw new ConfigError([`${path}: cannot read the config file (${code ?? String(err)}) — check the path and its permissions`]);
  }
  return parseConfig(text, { ...opts, baseDir: dirname(resolve(path)), file: path });
}

export interface ParseOptions {
  /** Folder relative paths in the file (tls.ca) start from; default: the working directory. */
  baseDir?: string;
  /**
   * The file the text came from. Informational: problem lines name paths and lines inside the
   * file (the caller, who chose the file, prints them); kept so callers can pass it through.
   */
  file?: string;
  /**
   * Refuse probe shards that cannot finish inside their schedule period or Lambda's 900 s
   * (default true: `pantau validate`, `cdk synth`). Only the local runners (`check`, `watch`,
   * the demo) turn it off: they probe in their own loop, never in a Lambda invocation, so a
   * 1 s interval with a 3 s sink margin is fine there.
   */
  shardBudgets?: boolean;
}

export function parseConfig(yamlText: string, opts: ParseOptions = {}): ResolvedConfig {
  const tooBig = sizeProblem(Buffer.byteLength(yamlText, 'utf8'));
  if (tooBig) throw new ConfigError([tooBig]);
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // The first syntax error is the real one; the parser's later errors are almost always its
    // echo (one unclosed bracket yields a hundred), so they are summarised, not listed.
    const out = [yamlErrorLine(doc.errors[0]!, yamlText)];
    const more = doc.errors.length - 1;
    if (more > 0) out.push(`${more} more YAML error${more === 1 ? '' : 's'} follow, most likely caused by the first — fix it and validate again`);
    throw new ConfigError(out);
  }
  const tooDeep = depthLine(doc, lines);
  if (tooDeep) throw new ConfigError([tooDeep]);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError for an alias bomb; nothing else in toJS depends on input.
    if (err instanceof ReferenceError) throw new ConfigError([aliasLine(doc, lines)]);
    throw err;
  }
  if (raw === null || raw === undefined) {
    throw new ConfigError(['the config is empty — add at least targets: [{ id: kpu-www, url: https://www.kpu.go.id/ }]']);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(['the config is not a mapping of settings — start with keys such as project:, regions: and targets:']);
  }

  const problems = new Problems();
  const config = resolveConfig(raw as Record<string, unknown>, opts.baseDir ?? process.cwd(), problems, opts.shardBudgets ?? true);
  if (!config || !problems.empty) {
    // Problems in file order, each with its line, so the list reads top to bottom.
    // A problem of the whole config (a shard's budget) has no one line to point at.
    const located = problems.list.map((p, order) => ({ p, order, line: p.path.length > 0 ? lineOfPath(doc, lines, p.path) : undefined }));
    located.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || a.order - b.order);
    throw new ConfigError(
      located.map(({ p, line }) => {
        const path = formatPath(p.path);
        return `${path ? `${path}: ` : ''}${p.message}${line !== undefined ? ` (line ${line})` : ''}`;
      }),
    );
  }
  return config;
}

function resolveConfig(
  raw: Record<string, unknown>,
  baseDir: string,
  problems: Problems,
  shardBudgets: boolean,
): ResolvedConfig | undefined {
  const top = topLevelSchema.safeParse(raw, { reportInput: true });
  if (!top.success) problems.addZod([], top.error);
  const settings = top.success ? top.data : {};
  /** A top-level number or name as written, else its default. */
  const setting = <K extends 'metricsNamespace' | 'historyDays' | 'logRetentionDays' | 'shardSize' | 'concurrency'>(key: K) =>
    settings[key] ?? CONFIG_DEFAULTS[key];

  const regions = resolveRegions(raw.regions, problems);
  const targets = resolveTargets(
    {
      rawDefaults: raw.defaults,
      rawApps: raw.apps,
      rawTargets: raw.targets,
      regions: regions?.all,
      baseDir,
      inFlight: {
        concurrency: setting('concurrency'),
        shardSize: setting('shardSize'),
      },
    },
    problems,
  );
  const vpc = resolveVpc(raw.vpc, problems);
  const oncall = resolveOnCall(raw.oncall, problems);
  const placement = new PrivatePlacement(vpc, raw.vpc !== undefined && raw.vpc !== null, problems);
  judgeTargets(raw.targets, targets, placement, vpc?.privateZones ?? []);
  const capacity = resolveCapacity(raw.capacity, problems, undefined, placement);
  placement.checkInternetSources();

  // What filters and maintenance windows may name: taken from the raw targets, so one broken
  // target does not turn every mention of it into a second, misleading problem.
  const rawTargets = Array.isArray(raw.targets) ? (raw.targets as Array<Record<string, unknown> | null>) : [];
  const targetIds = new Set(rawTargets.map((t) => t?.id).filter((v): v is string => typeof v === 'string'));
  const apps = new Set(
    rawTargets.map((t) => (typeof t?.app === 'string' ? t.app : t?.id)).filter((v): v is string => typeof v === 'string'),
  );
  const sites = new Set(
    (Array.isArray(raw.capacity) ? (raw.capacity as Array<Record<string, unknown> | null>) : [])
      .map((c) => c?.site)
      .filter((v): v is string => typeof v === 'string'),
  );

  const alerting = resolveAlerting(raw.alerting, { apps: new Set([...apps, ...sites]), targets: targetIds, regions: regions?.all }, problems);
  const maintenance = resolveMaintenance(
    raw.maintenance,
    { targetIds, apps, defaultTimezone: alerting?.timezone ?? 'Asia/Jakarta' },
    problems,
  );

  // Absent, every app has the default objective (core/slo/of.ts): the config stays as before.
  const slo = raw.slo === undefined ? undefined : resolveSlo(raw.slo, [...apps], problems);
  const statusPage = resolveStatusPage(raw.statusPage, raw.apps, apps, problems);

  const noTargets = raw.targets === undefined || raw.targets === null || (Array.isArray(raw.targets) && raw.targets.length === 0);
  const noCapacity = raw.capacity === undefined || raw.capacity === null || (Array.isArray(raw.capacity) && raw.capacity.length === 0);
  if (noTargets && noCapacity) {
    problems.add(['targets'], 'nothing to watch — add targets: [{ id: kpu-www, url: https://www.kpu.go.id/ }] or a capacity: source');
  }

  if (!problems.empty || !regions || !alerting) return undefined;
  const project = settings.project ?? CONFIG_DEFAULTS.project;
  const config: ResolvedConfig = {
    project,
    homeRegion: regions.home,
    regions: regions.all,
    controls: regions.controls,
    metricsNamespace: setting('metricsNamespace'),
    historyDays: setting('historyDays'),
    // Absent unless written: the probe Lambda then samples at DEFAULTS.historySampleMinutes.
    ...(settings.historySampleMinutes !== undefined ? { historySampleMinutes: settings.historySampleMinutes } : {}),
    logRetentionDays: setting('logRetentionDays'),
    shardSize: setting('shardSize'),
    concurrency: setting('concurrency'),
    alerting,
    maintenance,
    tags: { project, ...settings.tags },
    targets,
    capacity,
    ...(vpc ? { vpc } : {}),
    ...(slo ? { slo } : {}),
    ...(oncall ? { oncall } : {}),
    ...(statusPage ? { statusPage } : {}),
  };
  if (shardBudgets) checkShardBudgets(config, problems);
  return problems.empty ? config : undefined;
}

/**
 * Every probe shard must finish inside its schedule period and Lambda's 900 s
 * (lambdas/core/schedule; docs/config.md "Shard budgets"): one line per shard that cannot.
 * Checked here so `pantau validate` and `cdk synth` refuse the same configs.
 */
function checkShardBudgets(config: ResolvedConfig, problems: Problems): void {
  try {
    const shards = allShards(config);
    for (const line of budgetProblems(shards)) problems.add([], line);
  } catch (err) {
    // planShards speaks "shardSize: problem — fix" already (e.g. an 8 KB schedule input).
    problems.add([], err instanceof Error ? err.message : String(err));
  }
}

/** `regions: { home, probes }` → home plus every probe region, home first, each once. */
function resolveRegions(raw: unknown, problems: Problems): { home: string; all: string[]; controls: TargetSpec[] } | undefined {
  const parsed = regionsSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['regions'], parsed.error);
    return undefined;
  }
  const home = parsed.data.home ?? CONFIG_DEFAULTS.homeRegion;
  const probes = parsed.data.probes ?? [home];
  const seen = new Set<string>();
  let ok = true;
  probes.forEach((region, i) => {
    if (seen.has(region)) {
      problems.add(['regions', 'probes', i], `${JSON.stringify(region)} is listed twice — list each probe region once`);
      ok = false;
    }
    seen.add(region);
  });
  const controls = resolveControls(parsed.data.controls, problems);
  return ok ? { home, all: [home, ...probes.filter((r) => r !== home)], controls } : undefined;
}
