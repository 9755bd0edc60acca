import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pc from 'picocolors';
import { parseConfig } from '../config/load';
import { alertDepsOf, digestDepsOf, runProbeCycle } from '../../lambdas/app/probe-cycle';
import { sendDueDigests } from '../../lambdas/app/security-digest';
import { flushHeldAlerts } from '../../lambdas/app/alert-cycle';
import { runCapacityCycle, type CapacityCycleReport } from '../../lambdas/app/capacity-cycle';
import { LocalNotifier } from '../../lambdas/adapters/local-notifier';
import type { AlertEvent } from '../../lambdas/core/alerting/types';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CheckResult } from '../../lambdas/core/types';
import { startDemoFleet } from '../demo/fleet';
import { HOME_REGION, SECOND_REGION, demoConfigYaml, scenarioFor } from './demo-story';
import { capacityTable } from './capacity';
import { resultsTable, summaryLine } from './format';
import { startLocalRuntime } from './runtime';
import { MetricsEndpoint } from './metrics-endpoint';
import { scrape, successSamples } from './demo-interop';
import { statusPageLine, writeStatusPage } from './status-page';
import { UsageError } from './usage-error';
import { settleBoundMs } from '../../lambdas/core/probe';
import { cycleBoundMs, installShutdown } from './shutdown';
import { writeDemoDashboards } from './dashboard';

/**
 * `npm start` with no arguments: the self-contained demo. A simulated KPU fleet on loopback
 * (lib/demo/fleet.ts) is watched for about a minute by the same probe cycle, alert engine and
 * capacity cycle the Lambdas run, against the embedded DynamoDB. Two simulated probe regions
 * (ap-southeast-3, the home, and ap-southeast-1) share that one store, as deployed probe regions
 * share the home table; ap-southeast-1 goes silent before the Sirekap outage, and the page must
 * still arrive. It prints the status table, the alerts as they fire and recover, and the
 * capacity forecast, then how to go further. Nothing leaves 127.0.0.1.
 */

export { HOME_REGION, SECOND_REGION, scenarioFor, demoConfigYaml, type DemoScenario } from './demo-story';

export interface DemoOptions {
  /** How long to watch (default 60 s); the scenario's timeline scales with it. */
  seconds?: number;
  out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Where the dashboards preview goes (default: a new temporary folder). */
  dashboardDir?: string;
  /** Where the public status page is written at the end (default: pantau-demo-status-page in the temp folder). */
  statusPageDir?: string;
}

export interface DemoReport {
  exitCode: number;
  alerts: AlertEvent[];
  lastResults: CheckResult[];
  lastCapacity: CapacityCycleReport | null;
  config: ResolvedConfig;
  /** The folder holding the dashboards preview of the run. */
  dashboardDir?: string;
}

/** Below this the Sirekap outage is too short to cross the thresholds and recover. */
export const MIN_DEMO_SECONDS = 20;

/** Waits `ms`, or less when `stop` aborts (a signal ends the demo early). */
const sleep = (ms: number, stop: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    }
    if (stop.aborted) return done();
    stop.addEventListener('abort', done, { once: true });
  });

interface Narration {
  at: number;
  text: string;
}

export async function demoCommand(options: DemoOptions = {}): Promise<DemoReport> {
  const seconds = options.seconds ?? 60;
  if (seconds < MIN_DEMO_SECONDS) {
    throw new UsageError(`--seconds: ${seconds} is too short for the story (an outage and its recovery) — use at least ${MIN_DEMO_SECONDS}`);
  }
  const out = options.out ?? process.stdout;
  const color = Boolean(out.isTTY);
  const dim = color ? pc.dim : String;
  const bold = color ? pc.bold : String;
  // 2 s: long enough for sipol's ~900 ms answers to fit inside the timeout (slow, not down).
  const intervalSeconds = 2;

  const scenario = scenarioFor(seconds);
  const fleet = await startDemoFleet(scenario);
  // Compressed time in the local loop, never deployed: shard budgets do not apply.
  const config = parseConfig(demoConfigYaml(fleet, intervalSeconds), { baseDir: fleet.dir, file: 'demo config (embedded)', shardBudgets: false });
  const notifier = new LocalNotifier({ out, color, timezone: config.alerting.timezone });
  // Two probers on one embedded store: quorum is counted over both configured regions.
  const runtime = await startLocalRuntime(config, { notifier, region: HOME_REGION, quorumOverConfigRegions: true });
  const probers = [
    { deps: runtime.deps, silentAt: Infinity },
    { deps: runtime.proberFor(SECOND_REGION), silentAt: scenario.secondRegionSilentAt },
  ];
  // Capacity alerts from the home region only, on the probers' store and notifier.
  const capacityDeps = runtime.capacityDeps({ withAlerts: true });

  const s = scenario;
  const story: Narration[] = [
    { at: s.cekdptBlipAt, text: 'cekdpt answers one HTTP 500 (a single blip: no page expected)' },
    {
      at: s.secondRegionSilentAt,
      text: `${SECOND_REGION}'s probes stop reporting (simulated region outage); ${HOME_REGION} carries on alone`,
    },
    { at: s.sirekapDown.from, text: 'Sirekap starts answering 503 (simulated outage)' },
    { at: s.sirekapDown.to, text: 'Sirekap is back (the outage ends)' },
    {
      at: s.defaced.from,
      text: 'kpu-kota-bandung is defaced: gambling links hidden in its markup — it still answers 200 OK, only the security patrol can tell',
    },
    { at: s.defaced.to, text: 'kpu-kota-bandung is cleaned (the hidden links are gone)' },
    {
      at: s.jdihTarpitFrom,
      text: 'jdih turns hostile: headers at once, then one byte every 0.5 s, never finishing (a tarpit) — each check ends at its deadline and says where it stuck; no other check waits',
    },
  ];

  story.sort((a, b) => a.at - b.at); // narrated in time order as the run reaches each beat

  out.write(
    `${bold('Pantau demo')} — a simulated KPU fleet on 127.0.0.1, watched for ${seconds} s ` +
      `(targets every ${intervalSeconds} s, capacity every ${intervalSeconds + 1} s; DOWN after 2 failures, UP after 2 passes).\n` +
      dim(
        `  probe regions: ${HOME_REGION} (home) and ${SECOND_REGION}, one shared state table · quorum: majority (2 of 2), never more than the live regions\n` +
          '  healthy: kpu-www, infopemilu, silog, Sirekap DNS, Sidalih DB (TCP) · slow: sipol · expiring certificate: silon\n' +
          `  one blip: cekdpt · a probe region goes silent: ${SECOND_REGION} · outage then recovery: Sirekap · filling disk: PDN-Cikarang /data\n` +
          '  a hostile target: jdih becomes a tarpit late in the run, and stays one\n' +
          '  a defacement: hidden gambling links on kpu-kota-bandung mid-run (SECURITY with its evidence), then cleaned\n\n',
      ),
  );

  let lastResults: CheckResult[] = [];
  let lastCapacity: CapacityCycleReport | null = null;
  let dashboardDir: string | undefined;
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const midpoint = started + ((s.sirekapDown.from + s.sirekapDown.to) / 2) * 1000;
  let printedFirst = false;
  let printedMid = false;

  const narrate = () => {
    while (story.length > 0 && fleet.elapsed() >= story[0]!.at) {
      const event = story.shift()!;
      out.write(dim(`  ── t+${Math.round(event.at)}s  ${event.text}\n`));
    }
  };
  const lastRound = new Map<string, number>();
  const regionsLine = () =>
    probers
      .map(({ deps, silentAt }) =>
        fleet.elapsed() < silentAt
          ? `${deps.region} reporting`
          : `${deps.region} silent (last report t+${Math.round(lastRound.get(deps.region) ?? 0)}s)`,
      )
      .join(' · ');
  const statusTable = (title: string) => {
    out.write(
      `\n${bold(title)} — results from ${HOME_REGION}; regions: ${regionsLine()}\n` +
        `${resultsTable(lastResults, { color, width: out.columns })}\n${summaryLine(lastResults)}\n\n`,
    );
  };

  const shutdown = installShutdown(out);
  // What `watch --metrics-port` serves, fed by both probe regions; scraped once at the end.
  const metrics = await MetricsEndpoint.start(0);
  const cycleMs = cycleBoundMs(config.targets.map(settleBoundMs), config.concurrency);
  try {
    // Each region probes on its own clock; the second one stops at its silentAt (its "outage").
    const probeLoop = async ({ deps, silentAt }: (typeof probers)[number]) => {
      const home = deps.region === HOME_REGION;
      while (Date.now() < deadline && fleet.elapsed() < silentAt && !shutdown.stopping.aborted) {
        const cycleStart = Date.now();
        if (home) narrate();
        lastRound.set(deps.region, fleet.elapsed());
        const done = shutdown.cycleStarted(Date.now() + cycleMs);
        const report = await runProbeCycle(config.targets, { ...deps, signal: shutdown.abandon }).finally(done);
        for (const e of report.sinkErrors) out.write(`warning: ${deps.region}: ${e.sink} sink failed: ${e.message}\n`);
        metrics.update(report.results);
        if (home) {
          lastResults = report.results;
          if (!printedFirst) {
            printedFirst = true;
            statusTable('Status after the first round');
          } else if (!printedMid && Date.now() >= midpoint) {
            printedMid = true;
            statusTable(`Status at t+${Math.round(fleet.elapsed())}s (during the Sirekap outage)`);
          }
        }
        await sleep(cycleStart + intervalSeconds * 1000 - Date.now(), shutdown.stopping);
      }
    };
    const capacityLoop = async () => {
      while (Date.now() < deadline && !shutdown.stopping.aborted) {
        const cycleStart = Date.now();
        lastCapacity = await runCapacityCycle(config.capacity, capacityDeps);
        await sleep(cycleStart + (intervalSeconds + 1) * 1000 - Date.now(), shutdown.stopping);
      }
    };
    await Promise.all([...probers.map(probeLoop), capacityLoop()]);
    await flushHeldAlerts(alertDepsOf(runtime.deps));
    // The day's low-severity findings (missing headers …) are not paged: the digest goes out as the run ends.
    await sendDueDigests(digestDepsOf(runtime.deps), true);
    narrate();

    statusTable(`Status at the end (t+${Math.round(fleet.elapsed())}s)`);
    if (lastCapacity) {
      out.write(`${bold('Capacity and forecast')} (PDN-Cikarang, from the node_exporter look-alike)\n`);
      out.write(`${capacityTable(lastCapacity, { color })}\n\n`);
    }
    const counts = new Map<string, number>();
    for (const a of notifier.published) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
    out.write(
      `${bold('Alerts sent')}: ${notifier.published.length} (${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}) — ` +
        'in AWS each goes to the SNS topic of its severity, with attributes for filter policies.\n\n',
    );
    dashboardDir = await writeDemoDashboards(config, runtime, options.dashboardDir);
    out.write(`${bold('Dashboards')}: open ${dashboardDir}/index.html — the CloudWatch dashboards drawn from this run (each body beside it as <name>.json)\n\n`);
    const pageFolder = options.statusPageDir ?? join(tmpdir(), 'pantau-demo-status-page');
    out.write(await prometheusSection(metrics, bold));
    out.write(`${bold('Public status page')} ${statusPageLine(await writeStatusPage(config, runtime.store, pageFolder), pageFolder).replace(/^status page: /, '')}\n\n`);
    out.write(nextSteps(bold));
  } finally {
    shutdown.dispose();
    await metrics.close();
    await runtime.close();
    await fleet.close();
  }
  return { exitCode: shutdown.forcedExitCode() ?? 0, alerts: notifier.published, lastResults, lastCapacity, config, dashboardDir };
}

/** A real scrape of the demo's Prometheus endpoint, a few of its `probe_success` samples shown. */
async function prometheusSection(metrics: MetricsEndpoint, bold: (s: string) => string): Promise<string> {
  try {
    const { lines, series } = successSamples(await scrape(metrics), HOME_REGION, 4);
    return (
      `${bold('Prometheus')}: scraped ${metrics.url} — ${series} series under blackbox_exporter's names (probe_success, probe_duration_seconds, …)\n` +
      `${lines.map((line) => `  ${line}`).join('\n')}\n  … the same endpoint as \`npm start -- watch --metrics-port 9115\` (docs/interop.md)\n\n`
    );
  } catch (err) {
    return `${bold('Prometheus')}: the scrape of ${metrics.url} failed (${(err as Error).message})\n\n`;
  }
}

function nextSteps(bold: (s: string) => string): string {
  return `${bold('Next')}
  npm start -- check                 probe the real KPU catalogue (config/pantau.config.yaml) once — sends requests to the public sites
  npm start -- watch --alerts-jsonl alerts.jsonl    keep watching, alerts as JSON lines
  npm start -- watch --store-endpoint http://127.0.0.1:8000 --region ap-southeast-1
                                     one probe region of several sharing a dynalite (docs/alerting.md "Local")
  npm start -- capacity              read the capacity sources in the config
  npm start -- validate              validate the config and print its CloudWatch cost
  npm start -- validate -c config/examples/vpc.yaml
                                     a VPC joined to the data centre: private targets and sources, endpoint cost (docs/deploy.md)
  npm start -- watch --store ./store, then: npm start -- dashboard --store ./store --out ./dashboards
                                     the dashboards drawn from your own checks
  npm start -- validate -c config/kpu-regions.yaml
                                     all 552 regional KPU sites, generated from data (npm start -- catalogue generate), with their monthly bill
  npm start -- cost --targets 552 --regions 2
                                     the monthly AWS cost per service and per endpoint, and what each knob saves (docs/cost.md)
  npm start -- patrol accept <target> --finding cert_changed
                                     accept a planned certificate change or redesign: the open SECURITY finding resolves
  npm run bench                      Pantau beside blackbox_exporter and wrk on a loopback fleet (docs/performance.md)
  npx cdk synth                      synthesize offline; also runs AWS Control Tower's proactive controls (docs/deploy.md)
  npx cdk deploy --all               deploy to AWS (ap-southeast-3 is an opt-in region; see docs/deploy.md)
`;
}
