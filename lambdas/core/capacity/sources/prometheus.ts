import { counterSnapshot, type CounterSnapshot } from '../counters';
import { parsePromText } from '../prom-text';
import { needsBaseline, prometheusResources, rateSelector, readPromResource, type Scrape } from '../prometheus-read';
import type { PrometheusSource, PromResource, PromSelector } from '../types';
import { checkUsedOrFree, type SourceConfigContext, type SourceSchemaKit } from './config-kit';
import type { CapacitySourceDescriptor, SourceOf } from './descriptor';
import { hostOfUrl, NO_IAM_NEEDS } from './descriptor';
import { loadHistories, type CapacitySourceIo, type SourceReadout } from './io';
import type { z } from 'zod';

/**
 * `prometheus`: a text-format endpoint (node_exporter, snmp_exporter, a PDU's exporter …). Each
 * resource selects and aggregates series; `preset: node-exporter` discovers cpu, memory,
 * filesystems and network devices in the scrape. Rate resources (counters) take their baseline
 * from the stored sample, or from a second scrape when there is none.
 */

/** Prometheus' own scrape Accept header: plain text exposition, never protobuf. */
export const PROMETHEUS_ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

/** A stored counter sample older than this is too stale for a "current" rate: scrape twice instead. */
export function baselineMaxAgeMs(source: Pick<SourceOf<PrometheusSource>, 'intervalMs'>): number {
  return Math.max(3 * source.intervalMs, 5 * 60_000);
}

function schema(k: SourceSchemaKit) {
  const { z } = k;
  const promMetricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, {
    error: 'is not a Prometheus metric name — use letters, digits, _ and :, e.g. node_memory_MemTotal_bytes',
  });
  const labelMatchers = z.record(z.string(), k.custom((value, report) => {
    const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    if (typeof text !== 'string') {
      report(`expected a label value or ~regex, got ${JSON.stringify(value)} — e.g. mountpoint: / or fstype: "~^(ext4|xfs)$"`);
      return '';
    }
    const problem = k.checks.labelMatcher(text);
    if (problem) report(problem);
    return text;
  }));
  const selectorObject = k.strict({
    metric: promMetricName,
    labels: labelMatchers.optional(),
    notLabels: labelMatchers.optional(),
    aggregate: z.enum(['sum', 'max', 'min', 'avg']).optional(),
    scale: z.number().positive().optional(),
  });
  /** A selector: `metric_name` shorthand or { metric, labels, notLabels, aggregate, scale }. */
  const promSelector = z.preprocess((v) => (typeof v === 'string' ? { metric: v } : v), selectorObject);
  const promTotal = k.custom((value, report) => {
    if (typeof value === 'number') {
      if (!(value > 0)) report(`${value} is not a positive total — write the capacity, e.g. 10000000000 for a 10 Gbit/s link`);
      return value;
    }
    return k.forward(promSelector, value, report);
  });
  const promResource = k.strict({
    name: k.nonEmpty,
    unit: k.capacityUnit,
    used: promSelector.optional(),
    free: promSelector.optional(),
    total: promTotal,
    rate: z.boolean().optional(),
  });
  return k.strict({
    type: z.literal('prometheus'),
    url: k.checked(k.checks.httpUrl),
    preset: z.enum(['node-exporter']).optional(),
    linkSpeedBps: z.number().positive().optional(),
    resources: z.array(promResource).optional(),
  });
}

type RawPrometheus = z.output<ReturnType<typeof schema>>;
type RawSelector = NonNullable<NonNullable<RawPrometheus['resources']>[number]['used']>;

function selector(s: RawSelector): PromSelector {
  const out: PromSelector = { metric: s.metric, aggregate: s.aggregate ?? 'sum' };
  if (s.labels) out.labels = s.labels;
  if (s.notLabels) out.notLabels = s.notLabels;
  if (s.scale !== undefined) out.scale = s.scale;
  return out;
}

function resolve(s: RawPrometheus, ctx: SourceConfigContext): PrometheusSource {
  if (!s.preset && (s.resources ?? []).length === 0) {
    ctx.problem(['resources'], 'none given — add resources: [{ name, unit, used|free, total }], or preset: node-exporter');
  }
  const resources = (s.resources ?? []).map((r, j): PromResource => {
    checkUsedOrFree(r.used, r.free, ['resources', j], ctx);
    if (r.rate && !r.used) ctx.problem(['resources', j, 'rate'], 'a rate needs a used counter — give used: <counter metric> or drop rate');
    const out: PromResource = { name: r.name, unit: r.unit, total: typeof r.total === 'number' ? r.total : selector(r.total!) };
    if (r.used) out.used = selector(r.used);
    if (r.free) out.free = selector(r.free);
    if (r.rate !== undefined) out.rate = r.rate;
    return out;
  });
  const prom: PrometheusSource = { type: 'prometheus', url: s.url, resources };
  if (s.preset) prom.preset = s.preset;
  if (s.linkSpeedBps !== undefined) prom.linkSpeedBps = s.linkSpeedBps;
  return prom;
}

async function read(source: SourceOf<PrometheusSource>, io: CapacitySourceIo): Promise<SourceReadout> {
  const spec = source.source;
  const request = { timeoutMs: source.timeoutMs, headers: { accept: PROMETHEUS_ACCEPT } };
  const scrape = async (): Promise<Scrape> => {
    const text = await io.fetchText(spec.url, request);
    return { samples: parsePromText(text), tsMs: io.now() };
  };
  let current = await scrape();
  const resources = prometheusResources(spec, current.samples);
  const histories = await loadHistories(io, resources, current.tsMs);
  const previous = new Map<string, CounterSnapshot | undefined>();
  const needSecond: PromResource[] = [];
  for (const r of resources) {
    const stored = histories.get(r.name)?.latest?.counters;
    if (needsBaseline(r, stored, current.tsMs, baselineMaxAgeMs(source))) needSecond.push(r);
    else previous.set(r.name, stored);
  }
  if (needSecond.length > 0) {
    // No usable stored counters (first run, or a gap): take the baseline now and scrape
    // again shortly, so cpu and network are reported on the very first run too.
    const first = current;
    await io.sleep(io.baselineDelayMs);
    current = await scrape();
    for (const r of needSecond) previous.set(r.name, baselineOf(first, r));
  }
  return {
    ts: new Date(current.tsMs).toISOString(),
    results: resources.map((r) => readPromResource(source.site, r, current, previous.get(r.name))),
    histories,
  };
}

function baselineOf(scrape: Scrape, resource: PromResource): CounterSnapshot | undefined {
  try {
    return counterSnapshot(scrape.samples, rateSelector(resource)!, scrape.tsMs);
  } catch {
    return undefined; // the resource reports the missing metric itself
  }
}

/**
 * What a node-exporter preset expands to is only known when the exporter answers; the estimate
 * assumes a typical host: cpu, memory, one real filesystem and one network device.
 */
export const NODE_EXPORTER_ESTIMATE = ['cpu', 'memory', 'filesystem:/', 'network:eth0'] as const;

export const prometheusSource: CapacitySourceDescriptor<PrometheusSource, RawPrometheus> = {
  type: 'prometheus',
  schema,
  resolve,
  siteClaim: (spec) =>
    spec.preset
      ? {
          key: 'preset:node-exporter',
          field: 'preset',
          message: (site, other) => `site ${site} already has a node-exporter preset in capacity[${other}] — both would report cpu and memory; give each host its own site`,
        }
      : undefined,
  discoversResources: (spec) => (spec.preset === 'node-exporter' ? NODE_EXPORTER_ESTIMATE : undefined),
  read,
  iam: () => NO_IAM_NEEDS,
  networkHost: (spec) => hostOfUrl(spec.url),
};
