import type { AlertSummary } from './alerts';
import type { CapacityBenchOutput } from './capacity';

/** The console tables of the alert and capacity parts: a few lines each, the details are in results.json. */

const pad = (s: string | number, n: number) => String(s).padStart(n);
const range = (r: { min: number; max: number }) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`);
const times = (r: number | null) => (r === null ? 'n/a' : `×${r}`);
const yes = (b: boolean) => (b ? 'yes' : 'NO');

export function alertTable(s: AlertSummary): string {
  const header = `${'alert cycle, 300 subjects'.padEnd(27)} ${pad('wall ms p50/max', 15)} ${pad('cpu ms', 6)} ${pad('DDB req', 7)} ${pad('cond.fail', 9)} ${pad('messages', 10)}`;
  const ms = (n: number) => Math.round(n);
  // Messages: in the run + in the next run (deferred storm digests, retries).
  const messages = (x: AlertSummary['steady']) =>
    x.laterRun ? `${range(x.messagesInRun)}+${range(x.messagesLater)}` : range(x.messagesInRun);
  const row = (name: string, x: AlertSummary['steady']) =>
    `${name.padEnd(27)} ${pad(`${ms(x.wallMs.p50)} / ${ms(x.wallMs.max)}`, 15)} ${pad(ms(x.cpuMs.p50), 6)} ${pad(x.requests.p50, 7)} ${pad(x.conditionalFailures.p50, 9)} ${pad(messages(x), 10)}`;
  const next = s.outage.laterRun;
  return [
    header,
    '-'.repeat(header.length),
    row('(a) steady, all UP', s.steady),
    row('(b) outage, all DOWN', s.outage),
    ...(next ? [`${'    next run, still DOWN'.padEnd(27)} ${pad(ms(next.wallMs), 15)} ${pad('', 6)} ${pad(next.requests, 7)}`] : []),
    row(`(c) ${s.race.racers}× concurrent outage`, s.race),
    `${s.rounds} rounds on dynalite; messages = in the run + in the next run. outage/steady: wall ${times(s.ratios.outageVsSteadyWall)}, ` +
      `requests ${times(s.ratios.outageVsSteadyRequests)}; race/outage: wall ${times(s.ratios.raceVsOutageWall)}, requests ${times(s.ratios.raceVsOutageRequests)}`,
    `each DOWN sent once: ${yes(s.oncePerSubject)}; (c) messages = (b) messages: ${yes(s.raceMessagesEqualOutage)} ` +
      `(${range(s.race.messages)} vs ${range(s.outage.messages)}); (c) within storm bound (≤ threshold+1 per app): ` +
      `${yes(s.raceWithinStormBound)}, max ${s.raceMaxMessagesPerApp}; ${s.ratios.alertsPerMessage ?? 'n/a'} alerts per message in (b)`,
  ].join('\n');
}

export function capacityTable(c: CapacityBenchOutput): string {
  const header = `${'capacity, node-exporter'.padEnd(24)} ${pad('KB', 4)} ${pad('samples', 7)} ${pad('res', 3)} ${pad('parse µs', 8)} ${pad('read µs', 7)} ${pad('µs/scrape (max)', 16)} ${pad('samples/s', 9)}`;
  const rows = c.scrapes.map(
    (s) =>
      `${s.fixture.padEnd(24)} ${pad(Math.round(s.bytes / 1024), 4)} ${pad(s.samples, 7)} ${pad(s.resources.length, 3)} ${pad(s.parseUs.p50, 8)} ${pad(s.readUs.p50, 7)} ${pad(`${s.totalUs.p50} (${s.totalUs.max})`, 16)} ${pad(s.samplesPerSec, 9)}`,
  );
  const f = c.forecast;
  return [
    header,
    '-'.repeat(header.length),
    ...rows,
    `forecast, ${f.points.toLocaleString('en')} points (${f.spanDays} d at 1 min): ${f.us.p50} µs per forecast (max ${f.us.max}), ` +
      `${(f.pointsPerSec / 1e6).toFixed(1)} M points/s`,
  ].join('\n');
}
