import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dashboardBodies } from '../dashboards/bodies';
import { createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { storedCapacityResources } from '../../lambdas/adapters/dynamo/capacity-resources';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { DashboardSpec } from './dashboard-preview/body';
import { localMetricSource } from './dashboard-preview/metric-source';
import { EMPTY_STORE_MESSAGE, previewPage, type PreviewDashboard } from './dashboard-preview/page';
import { PREVIEW_CSS, PREVIEW_JS } from './dashboard-preview/page-assets';
import { readLocalStore, type LocalSnapshot } from './dashboard-preview/read-store';
import { localSloAlarmStates } from './dashboard-preview/slo-alarms';
import { DynamoIncidentNotes } from '../../lambdas/adapters/dynamo/incident-notes';
import { openIncidentsFunctionName } from '../dashboards/custom-widgets';
import { previewWidget } from './dashboard-preview/widgets';
import { LOCAL_REGION, startLocalRuntime, type LocalRuntime, type StoreOptions } from './runtime';
import type { CheckResult } from '../../lambdas/core/types';
import { UsageError } from './usage-error';

/**
 * `pantau dashboard --out DIR`: writes each dashboard body exactly as CloudWatch's PutDashboard
 * receives it (`<name>.json`), and `index.html` drawing the same layout with data from the local
 * store (after a `watch --store DIR` or the demo), charted with uPlot copied beside it so the
 * page works offline. An empty store is not an error: the page and one stderr line say so.
 */

export type DashboardBodies = (config: ResolvedConfig, env: { region: string; account: string }) => DashboardSpec[];

export interface DashboardOptions extends StoreOptions {
  out: string;
  /** The account in alarm ARNs of the bodies (default CDK_DEFAULT_ACCOUNT, else a placeholder). */
  account?: string;
  /** Describes the store on the page ("the store in DIR"). */
  storeLabel?: string;
  /** An already open runtime (the demo's): read it instead of opening the store again. */
  runtime?: LocalRuntime;
  now?: Date;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export interface DashboardReport {
  exitCode: number;
  outDir: string;
  /** The files written, relative to outDir. */
  files: string[];
  empty: boolean;
}

/** The account alarm ARNs name when none is given: the bodies are for reading, not for deploying. */
export const PLACEHOLDER_ACCOUNT = '000000000000';

const UPLOT_FILES = ['uPlot.iife.min.js', 'uPlot.min.css'];

export async function dashboardCommand(config: ResolvedConfig, bodiesOf: DashboardBodies, options: DashboardOptions): Promise<DashboardReport> {
  if (!options.out) throw new UsageError('--out: name the folder to write the dashboards into, e.g. --out ./dashboards');
  const outDir = resolve(options.out);
  const now = options.now ?? new Date();
  const account = options.account ?? process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT;
  const specs = bodiesOf(config, { region: config.homeRegion, account });
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new UsageError(`--out ${options.out}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? String(err)}) — pick a folder you can write to`);
  }
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(outDir, name), text);
    files.push(name);
  };
  for (const spec of specs) write(`${spec.name}.json`, `${JSON.stringify(spec.body, null, 2)}\n`);

  const snapshot = await readSnapshot(config, specs, options, now);
  const results = asHomeRegion(snapshot.results, config.homeRegion);
  const source = localMetricSource({
    namespace: config.metricsNamespace,
    results,
    detailedTargets: new Set(config.targets.filter((t) => t.metrics === 'detailed').map((t) => t.id)),
    capacity: snapshot.capacity,
  });
  const span = source.span();
  // The relay's record of a deployed alarm, where the store has one; else the local evaluation.
  const alarmStates = new Map([...(span ? localSloAlarmStates(config, results, span.toMs) : []), ...snapshot.alarmStates]);
  // The open-incidents widget's Lambda, run here on the local store: the same HTML CloudWatch would draw.
  const customWidgets = new Map([[openIncidentsFunctionName(config), snapshot.openIncidentsHtml]]);
  const minPeriodS = Math.max(1, Math.min(...config.targets.map((t) => t.intervalMs / 1000)));
  const dashboards: PreviewDashboard[] = specs.map((spec) => {
    const context = { source, span, bodyStart: spec.body.start, minPeriodS, alarmStates, customWidgets };
    return { name: spec.name, title: spec.title, widgets: spec.body.widgets.map((w) => previewWidget(w, context)) };
  });
  write(
    'index.html',
    previewPage({
      project: config.project,
      dashboards,
      storeLabel: options.storeLabel ?? storeLabelOf(options),
      resultCount: snapshot.results.length,
      span,
      targets: snapshot.targets,
      generatedAt: now,
    }),
  );
  write('preview.css', PREVIEW_CSS);
  write('preview.js', PREVIEW_JS);
  for (const file of UPLOT_FILES) {
    copyFileSync(require.resolve(`uplot/dist/${file}`), join(outDir, file));
    files.push(file);
  }
  if (!span) (options.stderr ?? process.stderr).write(`warning: ${EMPTY_STORE_MESSAGE}\n`);
  (options.stdout ?? process.stdout).write(`wrote ${specs.length} dashboard bodies and the preview to ${outDir} — open ${join(outDir, 'index.html')}\n`);
  return { exitCode: 0, outDir, files, empty: span === null };
}

/**
 * `check` and `watch` record their results as region `local` unless given `--region`; the
 * dashboards chart the config's probe regions. The local prober stands in for the home region,
 * so a plain `watch --store DIR` fills the home region's widgets.
 */
export function asHomeRegion(results: readonly CheckResult[], homeRegion: string): CheckResult[] {
  return results.map((r) => (r.region === LOCAL_REGION ? { ...r, region: homeRegion } : r));
}

function storeLabelOf(options: StoreOptions): string {
  if (options.storeEndpoint) return `the store at ${options.storeEndpoint}`;
  return options.storeDir ? `the store in ${options.storeDir}` : 'an empty in-memory store (no --store given)';
}

/** Alarm names and regions the dashboards' alarm widgets list, from their ARNs. */
function alarmsOf(specs: DashboardSpec[]): Array<{ region: string; name: string }> {
  const arns = specs.flatMap((s) => s.body.widgets.flatMap((w) => (w.type === 'alarm' && Array.isArray(w.properties?.alarms) ? (w.properties.alarms as unknown[]) : [])));
  const unique = [...new Set(arns.filter((a): a is string => typeof a === 'string'))];
  return unique.map((arn) => ({ region: arn.split(':')[3] ?? '', name: arn.split(':').slice(6).join(':') }));
}

async function readSnapshot(config: ResolvedConfig, specs: DashboardSpec[], options: DashboardOptions, now: Date): Promise<LocalSnapshot> {
  const runtime = options.runtime ?? (await startLocalRuntime(config, options));
  try {
    const doc = createDocumentClient(runtime.dynamo.client);
    return await readLocalStore(
      config,
      {
        results: runtime.store,
        states: runtime.store,
        capacity: runtime.capacityDeps().store,
        storedResources: (site) => storedCapacityResources(doc, runtime.table, site),
        incidents: { incidentsOf: runtime.store.incidentsOf.bind(runtime.store), notesOf: (ref) => new DynamoIncidentNotes(runtime.store).notesOf(ref) },
      },
      { alarms: alarmsOf(specs), nowMs: now.getTime() },
    );
  } finally {
    if (!options.runtime) await runtime.close();
  }
}

/**
 * The demo's last step: the dashboards of its run, from its in-memory store, into `dir` (default:
 * a fresh temporary folder). Returns the folder; the demo prints where to open it.
 */
export async function writeDemoDashboards(config: ResolvedConfig, runtime: LocalRuntime, dir?: string): Promise<string> {
  const out = dir ?? mkdtempSync(join(tmpdir(), 'pantau-demo-dashboard-'));
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
  await dashboardCommand(config, dashboardBodies, { out, runtime, storeLabel: "the demo's store", stdout: quiet, stderr: quiet });
  return out;
}
