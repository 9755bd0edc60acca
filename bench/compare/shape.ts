import { median, ratio, round } from '../stats';

/**
 * The comparison's shared vocabulary and its pure parts: the fleet's stamps, the parsers of what
 * wrk and /proc print, and the assembly of per-case measurements into the `runs` of
 * bench/results/latest.json (field names are the contract).
 */

export type Protocol = 'http' | 'https' | 'tcp' | 'dns';
export type Tool = 'pantau' | 'blackbox' | 'wrk';

/** Third octet of each protocol's fleet addresses: 127.0.<n>.1 … 127.0.<n>.<addresses>. */
export const FLEET_SUBNETS: Record<Protocol, number> = { http: 2, https: 3, tcp: 4, dns: 5 };

/** Every check's timeout, Pantau's and blackbox's modules alike. */
export const CHECK_TIMEOUT_MS = 10_000;

/** Response header with the server-observed ms from accept to the last byte. */
export const SERVED_HEADER = 'x-pantau-bench-served-ms';

export interface FleetInput {
  addresses: number;
  delayMs: number;
  jitterMs: number;
  seed: number;
  certPem: string;
  keyPem: string;
}

export type FleetReady = Record<Protocol, Array<{ host: string; port: number }>>;

/**
 * The DNS server's hold time as an A record: microseconds in the low 24 bits of 10.0.0.0/8, so
 * the stamp comes back in the check's own answers (up to 16.7 s).
 */
export function encodeHoldAsAddress(holdMs: number): string {
  const us = Math.min(0xffffff, Math.max(0, Math.round(holdMs * 1000)));
  return `10.${(us >>> 16) & 0xff}.${(us >>> 8) & 0xff}.${us & 0xff}`;
}

/** The hold in ms from an answer encodeHoldAsAddress wrote, or null for any other address. */
export function decodeHoldFromAddress(address: string): number | null {
  const m = /^10\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (a > 255 || b > 255 || c > 255) return null;
  return ((a << 16) | (b << 8) | c) / 1000;
}

/** wrk's "Requests/sec:  6987.12" line; null when wrk printed none (it failed). */
export function parseWrkRequestsPerSec(output: string): number | null {
  const m = /^Requests\/sec:\s+([\d.]+)\s*$/m.exec(output);
  return m ? Number(m[1]) : null;
}

/** wrk's socket error line ("Socket errors: connect 0, read 3, write 0, timeout 0"), summed. */
export function parseWrkSocketErrors(output: string): number {
  const m = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return m ? m.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
}

/**
 * utime + stime (clock ticks) from /proc/<pid>/stat. The command name (field 2) is in
 * parentheses and may itself hold spaces and parentheses: fields are counted after the last ')'.
 */
export function parseProcStatTicks(stat: string): number {
  const end = stat.lastIndexOf(')');
  if (end < 0) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(stat.slice(0, 60))}`);
  // After ')': field 3 (state) is index 0, so utime (14) and stime (15) are indexes 11 and 12.
  const fields = stat.slice(end + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('/proc/<pid>/stat has no utime/stime fields');
  return utime + stime;
}

/** Nearest-rank percentile of ascending values (0 when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** One measured case: one tool, one protocol, one concurrency, one round. */
export interface CaseRecord {
  round: number;
  tool: Tool;
  protocol: Protocol;
  concurrency: number;
  targets: number;
  checks: number;
  failed: number;
  perSec: number;
  cpuMsPerCheck: number | null;
  latencyErrorMs?: { p50: number; p99: number };
  peakRssMb?: number;
  /** Failures by class, when there were any. */
  errors?: Record<string, number>;
}

export interface Run {
  protocol: Protocol;
  concurrency: number;
  targets: number;
  checksPerCase: number;
  rounds: number;
  pantauChecksPerSec: number;
  blackboxChecksPerSec: number | null;
  wrkRequestsPerSec: number | null;
  pantauCpuMsPerCheck: number;
  blackboxCpuMsPerCheck: number | null;
  latencyErrorP50Ms: number;
  latencyErrorP99Ms: number;
  peakRssMb: number;
  /** Pantau checks/s ÷ blackbox checks/s (null without blackbox). */
  throughputVsBlackbox: number | null;
  /** Pantau CPU per check ÷ blackbox's (below 1: Pantau is cheaper). */
  cpuVsBlackbox: number | null;
  pantauFailed: number;
  blackboxFailed: number | null;
}

const medianOr = (values: number[], digits: number): number | null => (values.length ? round(median(values), digits) : null);

/** Medians over rounds per (protocol, concurrency), in the order the cases first appear. */
export function assembleRuns(cases: readonly CaseRecord[]): Run[] {
  const keys = [...new Set(cases.map((c) => `${c.protocol}:${c.concurrency}`))];
  return keys.map((key) => {
    const group = cases.filter((c) => `${c.protocol}:${c.concurrency}` === key);
    const of = (tool: Tool) => group.filter((c) => c.tool === tool);
    const pantau = of('pantau');
    const blackbox = of('blackbox');
    const first = group[0]!;
    const pantauPerSec = round(median(pantau.map((c) => c.perSec)), 0);
    const pantauCpu = round(median(pantau.map((c) => c.cpuMsPerCheck ?? 0)), 3);
    const blackboxPerSec = medianOr(blackbox.map((c) => c.perSec), 0);
    const blackboxCpu = medianOr(blackbox.flatMap((c) => (c.cpuMsPerCheck === null ? [] : [c.cpuMsPerCheck])), 3);
    return {
      protocol: first.protocol,
      concurrency: first.concurrency,
      targets: first.targets,
      checksPerCase: first.checks,
      rounds: pantau.length,
      pantauChecksPerSec: pantauPerSec,
      blackboxChecksPerSec: blackboxPerSec,
      wrkRequestsPerSec: medianOr(of('wrk').map((c) => c.perSec), 0),
      pantauCpuMsPerCheck: pantauCpu,
      blackboxCpuMsPerCheck: blackboxCpu,
      latencyErrorP50Ms: round(median(pantau.map((c) => c.latencyErrorMs?.p50 ?? 0)), 2),
      latencyErrorP99Ms: round(median(pantau.map((c) => c.latencyErrorMs?.p99 ?? 0)), 2),
      peakRssMb: round(Math.max(0, ...pantau.map((c) => c.peakRssMb ?? 0)), 1),
      throughputVsBlackbox: blackboxPerSec === null ? null : ratio(pantauPerSec, blackboxPerSec),
      cpuVsBlackbox: blackboxCpu === null ? null : ratio(pantauCpu, blackboxCpu),
      pantauFailed: pantau.reduce((sum, c) => sum + c.failed, 0),
      blackboxFailed: blackbox.length ? blackbox.reduce((sum, c) => sum + c.failed, 0) : null,
    };
  });
}
