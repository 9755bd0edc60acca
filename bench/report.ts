import type { AlertSummary } from './alerts';
import type { CapacityBenchOutput } from './capacity';

/** The console tables of the alert and capacity parts: a few lines each, the details are in results.json. */

const pad = (s: string | number, n: number) => String(s).padStart(n);
const range = (r: { min: number; max: number }) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`);
const times = (r: number | null) => (r === null ? 'n/a' : `×${r}`);
const yes = (b: boolean) => (b ? 'yes' : 'NO');

export function alertTable(s: AlertSummary): string {
  const header = `${'alert cycle, 300 subjects'.padEnd(26)} ${pad('wall ms p50/max', 16)} ${pad('cpu ms', 7)} ${pad('DDB req', 8)} ${pad('cond.fail', 9)} ${pad('messages', 8)}`;
  const row = (name: string, x: AlertSummary['steady']) =>
    `${name.padEnd(26)} ${pad(`${x.wallMs.p50} / ${x.wallMs.max}`, 16)} ${pad(x.cpuMs.p50, 7)} ${pad(x.requests.p50, 8)} ${pad(x.conditionalFailures.p50, 9)} ${pad(range(x.messages), 8)}`;
  return [
    header,
    '-'.repeat(header.length),
    row('(a) steady, all UP', s.steady),
    row('(b) outage, all DOWN', s.outage),
    row(`(c) ${s.race.racers}× concurrent outage`, s.race),
    `${s.rounds} rounds on dynalite. outage/steady: wall ${times(s.ratios.outageVsSteadyWall)}, requests ${times(s.ratios.outageVsSteadyRequests)}; ` +
      `race/outage: wall ${times(s.ratios.raceVsOutageWall)}, requests ${times(s.ratios.raceVsOutageRequests)}`,
    `each DOWN sent once: ${yes(s.oncePerSubject)}; (c) messages = (b) messages: ${yes(s.raceMessagesEqualOutage)} ` +
      `(${range(s.race.messages)} vs ${range(s.outage.messages)}); ${s.ratios.alertsPerMessage ?? 'n/a'} alerts per message in (b)`,
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
