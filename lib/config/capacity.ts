import type {
  CapacitySource,
  CloudWatchSource,
  HttpJsonSource,
  PrometheusSource,
  PromResource,
  PromSelector,
} from '../../lambdas/core/capacity/types';
import { formatDuration } from './duration';
import { Problems, type Path } from './problems';
import { parseLenient } from './lenient-parse';
import { capacitySchema, type RawCapacity, type RawCapacitySource } from './schema';
import { looksSecret, secretHeaderFix } from './validators';

/**
 * `capacity:` → CapacitySource[] (lambdas/core/capacity/types.ts). The prometheus
 * `preset: node-exporter` needs no resources: the capacity engine expands it at read time into
 * cpu, memory, filesystem:<mountpoint> and network:<device>, so `resources` is then [] (or only
 * the extra resources written next to the preset).
 */

export const CAPACITY_DEFAULTS = {
  intervalMs: 5 * 60_000,
  timeoutMs: 10_000,
  severity: 'high',
  warnPct: 80,
  criticalPct: 90,
  forecastHours: 72,
  cloudwatch: { stat: 'Average', meaning: 'used', periodSeconds: 300 },
} as const;

type RawSelector = Exclude<NonNullable<Extract<RawCapacitySource, { type: 'prometheus' }>['resources']>[number]['used'], undefined>;

export function resolveCapacity(raw: unknown, problems: Problems): CapacitySource[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add(['capacity'], 'expected a list of capacity sources — write capacity: [{ site: PDN-Cikarang, source: { type: prometheus, url: …, preset: node-exporter } }]');
    return [];
  }
  const sources: CapacitySource[] = [];
  const perSite = new Map<string, number>();
  const ids = new Map<string, number>();
  const resourcesBySite = new Map<string, Map<string, Path>>();
  const presetBySite = new Map<string, number>();

  raw.forEach((item: unknown, i) => {
    const path = ['capacity', i];
    const parsed = parseLenient(capacitySchema, item, path, problems);
    const site = (item as { site?: unknown } | null)?.site;
    const index = typeof site === 'string' ? (perSite.get(site) ?? 0) : 0;
    if (typeof site === 'string') perSite.set(site, index + 1);
    if (!parsed) return;
    const c = parsed.data;
    const known = (...keys: string[]) => keys.every((k) => !parsed.dropped.has(k));
    const id = c.id ?? `${c.site}/${index}`;
    const first = ids.get(id);
    if (first !== undefined) problems.add([...path, c.id ? 'id' : 'site'], `source id ${JSON.stringify(id)} is already used by capacity[${first}] — set a unique id on this source`);
    else ids.set(id, i);

    const intervalMs = c.interval ?? CAPACITY_DEFAULTS.intervalMs;
    const timeoutMs = c.timeout ?? Math.min(CAPACITY_DEFAULTS.timeoutMs, Math.floor(intervalMs / 2));
    if (timeoutMs >= intervalMs && known('interval', 'timeout')) {
      problems.add([...path, 'timeout'], `${formatDuration(timeoutMs)} must be shorter than interval ${formatDuration(intervalMs)} — lower timeout or raise interval`);
    }
    const warnPct = c.warnPct ?? CAPACITY_DEFAULTS.warnPct;
    const criticalPct = c.criticalPct ?? CAPACITY_DEFAULTS.criticalPct;
    if (warnPct >= criticalPct && known('warnPct', 'criticalPct')) {
      problems.add([...path, c.warnPct !== undefined ? 'warnPct' : 'criticalPct'], `warnPct ${warnPct} must be below criticalPct ${criticalPct} — the warning comes before the critical level`);
    }
    const source = resolveSource(c, path, problems);
    if (!source) return;

    // (Site, Resource) is the metric and state key: two sources of one site must not share a name.
    if (source.type === 'prometheus' && source.preset) {
      const other = presetBySite.get(c.site);
      if (other !== undefined) {
        problems.add([...path, 'source', 'preset'], `site ${c.site} already has a node-exporter preset in capacity[${other}] — both would report cpu and memory; give each host its own site`);
      } else presetBySite.set(c.site, i);
    }
    const names = resourcesBySite.get(c.site) ?? new Map<string, Path>();
    resourcesBySite.set(c.site, names);
    source.resources.forEach((r, j) => {
      const at: Path = [...path, 'source', 'resources', j, 'name'];
      const seen = names.get(r.name);
      if (seen) problems.add(at, `${JSON.stringify(r.name)} is already a resource of site ${c.site} — resource names must be unique per site`);
      else names.set(r.name, at);
    });

    sources.push({
      id,
      site: c.site,
      intervalMs,
      timeoutMs,
      severity: c.severity ?? CAPACITY_DEFAULTS.severity,
      thresholds: { warnPct, criticalPct, forecastHours: c.forecastHours ?? CAPACITY_DEFAULTS.forecastHours, forecastAlerts: c.forecastAlerts ?? 'storage' },
      lookbackMs: c.lookback ?? null,
      source,
    });
  });
  return sources;
}

function resolveSource(c: RawCapacity, path: Path, problems: Problems): CapacitySource['source'] | undefined {
  const before = problems.list.length;
  const s = c.source;
  const at = (...rest: Array<string | number>): Path => [...path, 'source', ...rest];
  let out: CapacitySource['source'];

  if (s.type === 'prometheus') {
    if (!s.preset && (s.resources ?? []).length === 0) {
      problems.add(at('resources'), 'none given — add resources: [{ name, unit, used|free, total }], or preset: node-exporter');
    }
    const resources = (s.resources ?? []).map((r, j): PromResource => {
      checkUsedOrFree(r.used, r.free, at('resources', j), problems);
      if (r.rate && !r.used) problems.add(at('resources', j, 'rate'), 'a rate needs a used counter — give used: <counter metric> or drop rate');
      const out: PromResource = { name: r.name, unit: r.unit, total: typeof r.total === 'number' ? r.total : selector(r.total!) };
      if (r.used) out.used = selector(r.used);
      if (r.free) out.free = selector(r.free);
      if (r.rate !== undefined) out.rate = r.rate;
      return out;
    });
    const prom: PrometheusSource = { type: 'prometheus', url: s.url, resources };
    if (s.preset) prom.preset = s.preset;
    if (s.linkSpeedBps !== undefined) prom.linkSpeedBps = s.linkSpeedBps;
    out = prom;
  } else if (s.type === 'http-json') {
    for (const [name, value] of Object.entries(s.headers ?? {})) {
      if (looksSecret(name, value)) problems.add(at('headers', name), secretHeaderFix(name, c.site));
    }
    const json: HttpJsonSource = {
      type: 'http-json',
      url: s.url,
      headers: s.headers ?? {},
      resources: s.resources.map((r, j) => {
        checkUsedOrFree(r.used, r.free, at('resources', j), problems);
        return { name: r.name, unit: r.unit, ...(r.used ? { used: r.used } : {}), ...(r.free ? { free: r.free } : {}), total: r.total };
      }),
    };
    if (s.secretHeaders && Object.keys(s.secretHeaders).length > 0) json.secretHeaders = s.secretHeaders;
    out = json;
  } else {
    const cw: CloudWatchSource = {
      type: 'cloudwatch',
      ...(s.region ? { region: s.region } : {}),
      resources: s.resources.map((r, j) => {
        const periodSeconds = r.period === undefined ? CAPACITY_DEFAULTS.cloudwatch.periodSeconds : r.period / 1000;
        if (!Number.isInteger(periodSeconds) || (periodSeconds % 60 !== 0 && ![1, 5, 10, 30].includes(periodSeconds))) {
          problems.add(at('resources', j, 'period'), `${formatDuration(r.period ?? 0)} is not a CloudWatch period — use 1s, 5s, 10s, 30s or a multiple of 1m (e.g. 5m)`);
        }
        return {
          name: r.name,
          unit: r.unit,
          namespace: r.namespace,
          metric: r.metric,
          dimensions: r.dimensions ?? {},
          stat: r.stat ?? CAPACITY_DEFAULTS.cloudwatch.stat,
          meaning: r.meaning ?? CAPACITY_DEFAULTS.cloudwatch.meaning,
          total: r.total,
          periodSeconds,
        };
      }),
    };
    out = cw;
  }
  out.resources.forEach((r, j) => {
    if (r.name.includes('#')) problems.add(at('resources', j, 'name'), `${JSON.stringify(r.name)} contains "#", which separates key parts in the store — use letters, digits, ":", "/", "-" or "_"`);
  });
  return problems.list.length > before ? undefined : out;
}

function checkUsedOrFree(used: unknown, free: unknown, path: Path, problems: Problems): void {
  if (used === undefined && free === undefined) problems.add(path, 'has neither used nor free — give one of them (and total)');
  if (used !== undefined && free !== undefined) problems.add([...path, 'free'], 'is given together with used — give used or free, not both');
}

function selector(s: RawSelector): PromSelector {
  const out: PromSelector = { metric: s.metric, aggregate: s.aggregate ?? 'sum' };
  if (s.labels) out.labels = s.labels;
  if (s.notLabels) out.notLabels = s.notLabels;
  if (s.scale !== undefined) out.scale = s.scale;
  return out;
}
