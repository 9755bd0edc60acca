import type { SourceConfigContext } from '../../lambdas/core/capacity/sources/config-kit';
import { CAPACITY_SOURCES, descriptorFor, type CapacitySourceRegistry } from '../../lambdas/core/capacity/sources/registry';
import type { CapacitySource } from '../../lambdas/core/capacity/types';
import { capacitySchemaFor, type RawCapacity } from './capacity-schema';
import { formatDuration } from './duration';
import { Problems, type Path } from './problems';
import { parseLenient } from './lenient-parse';
import type { PrivatePlacement } from './vpc';
import { looksSecret, secretHeaderFix } from './validators';

/**
 * `capacity:` → CapacitySource[] (lambdas/core/capacity/types.ts). The fields every source
 * shares are checked here; its `source:` block by its type's descriptor (schema and resolve, from
 * the registry passed in — the shipped one unless a test brings its own). The prometheus
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
} as const;

export function resolveCapacity(
  raw: unknown,
  problems: Problems,
  registry: CapacitySourceRegistry = CAPACITY_SOURCES,
  placement?: PrivatePlacement,
): CapacitySource[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add(['capacity'], 'expected a list of capacity sources — write capacity: [{ site: PDN-Cikarang, source: { type: prometheus, url: …, preset: node-exporter } }]');
    return [];
  }
  const sources: CapacitySource[] = [];
  const perSite = new Map<string, number>();
  const ids = new Map<string, number>();
  const siteChecks = new SiteChecks(problems, registry);

  raw.forEach((item: unknown, i) => {
    const path = ['capacity', i];
    const parsed = parseLenient(capacitySchemaFor(registry), item, path, problems);
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
    const source = resolveSource(c, path, problems, registry);
    if (!source) return;

    siteChecks.check(source, c.site, path, i);
    placement?.judge({
      what: 'capacity source',
      id,
      host: descriptorFor(source.type, registry).networkHost(source),
      explicit: c.private,
      path,
      hostField: ['source', 'url'],
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

/** What must be unique within a site across its sources: resource names, and type-specific claims. */
class SiteChecks {
  private readonly resourcesBySite = new Map<string, Map<string, Path>>();
  private readonly claims = new Map<string, number>();

  constructor(
    private readonly problems: Problems,
    private readonly registry: CapacitySourceRegistry,
  ) {}

  check(source: CapacitySource['source'], site: string, path: Path, index: number): void {
    const claim = descriptorFor(source.type, this.registry).siteClaim?.(source);
    if (claim) {
      const key = `${site}\u0000${claim.key}`;
      const other = this.claims.get(key);
      if (other !== undefined) this.problems.add([...path, 'source', claim.field], claim.message(site, other));
      else this.claims.set(key, index);
    }
    // (Site, Resource) is the metric and state key: two sources of one site must not share a name.
    const names = this.resourcesBySite.get(site) ?? new Map<string, Path>();
    this.resourcesBySite.set(site, names);
    source.resources.forEach((r, j) => {
      const at: Path = [...path, 'source', 'resources', j, 'name'];
      const seen = names.get(r.name);
      if (seen) this.problems.add(at, `${JSON.stringify(r.name)} is already a resource of site ${site} — resource names must be unique per site`);
      else names.set(r.name, at);
    });
  }
}

function resolveSource(c: RawCapacity, path: Path, problems: Problems, registry: CapacitySourceRegistry): CapacitySource['source'] | undefined {
  const before = problems.list.length;
  const at = (...rest: Array<string | number>): Path => [...path, 'source', ...rest];
  const ctx: SourceConfigContext = {
    site: c.site,
    problem: (rest, message) => problems.add(at(...rest), message),
    formatDuration,
    looksSecret,
    secretHeaderFix,
  };
  // The registry is keyed by the same `type` the schema's union told apart: the spec is of that type.
  const out = descriptorFor(c.source.type, registry).resolve(c.source, ctx) as CapacitySource['source'];
  out.resources.forEach((r, j) => {
    if (r.name.includes('#')) problems.add(at('resources', j, 'name'), `${JSON.stringify(r.name)} contains "#", which separates key parts in the store — use letters, digits, ":", "/", "-" or "_"`);
  });
  return problems.list.length > before ? undefined : out;
}
