import { describe, expect, it } from 'vitest';
import { lambdaEntries } from '../../../bench/compare/bundles';
import { renderTable, replaceTable, TABLE_END, TABLE_START } from '../../../bench/compare/docs-table';
import {
  assembleRuns,
  decodeHoldFromAddress,
  encodeHoldAsAddress,
  parseProcStatTicks,
  parseWrkRequestsPerSec,
  parseWrkSocketErrors,
  percentile,
  type CaseRecord,
} from '../../../bench/compare/shape';

const WRK_OUTPUT = `Running 5s test @ http://127.0.2.1:41234/
  2 threads and 500 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    70.12ms   12.01ms 140.00ms   70.00%
    Req/Sec     3.50k   200.00     4.00k    68.00%
  34935 requests in 5.00s, 7.10MB read
  Socket errors: connect 0, read 12, write 1, timeout 2
Requests/sec:   6987.12
Transfer/sec:      1.42MB
`;

describe('wrk output', () => {
  it('reads Requests/sec and sums the socket errors', () => {
    expect(parseWrkRequestsPerSec(WRK_OUTPUT)).toBe(6987.12);
    expect(parseWrkSocketErrors(WRK_OUTPUT)).toBe(15);
  });

  it('gives null when wrk printed no rate, and no errors without the line', () => {
    expect(parseWrkRequestsPerSec('unable to connect to 127.0.2.1:1 Connection refused\n')).toBeNull();
    expect(parseWrkSocketErrors('Requests/sec: 10.00\n')).toBe(0);
  });
});

describe('/proc/<pid>/stat', () => {
  it('adds utime and stime, counting fields after the command name even when it holds spaces and parentheses', () => {
    const stat = '4242 (blackbox (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 731 269 0 0 20 0 9 0 12345 800000000 5000 18446744073709551615';
    expect(parseProcStatTicks(stat)).toBe(1000);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStatTicks('hello')).toThrow(/not a \/proc\/<pid>\/stat line/);
    expect(() => parseProcStatTicks('1 (x) S 1 2')).toThrow(/no utime\/stime/);
  });
});

describe('the DNS hold stamp', () => {
  it('round-trips milliseconds through an A record to the microsecond', () => {
    expect(encodeHoldAsAddress(50.1234)).toBe('10.0.195.203');
    expect(decodeHoldFromAddress(encodeHoldAsAddress(50.1234))).toBe(50.123);
    expect(decodeHoldFromAddress(encodeHoldAsAddress(0))).toBe(0);
  });

  it('reads no stamp from another address', () => {
    expect(decodeHoldFromAddress('192.0.2.1')).toBeNull();
    expect(decodeHoldFromAddress('10.0.0.256')).toBeNull();
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
  });
});

function rec(over: Partial<CaseRecord> & Pick<CaseRecord, 'tool' | 'round'>): CaseRecord {
  return { protocol: 'http', concurrency: 500, targets: 100, checks: 4000, failed: 0, perSec: 0, cpuMsPerCheck: null, ...over };
}

describe('assembleRuns', () => {
  const cases: CaseRecord[] = [
    rec({ tool: 'pantau', round: 1, perSec: 3000, cpuMsPerCheck: 0.3, latencyErrorMs: { p50: 1, p99: 5 }, peakRssMb: 90 }),
    rec({ tool: 'blackbox', round: 1, perSec: 1000, cpuMsPerCheck: 1.2, failed: 2 }),
    rec({ tool: 'wrk', round: 1, perSec: 7000 }),
    rec({ tool: 'pantau', round: 2, perSec: 2000, cpuMsPerCheck: 0.5, latencyErrorMs: { p50: 3, p99: 9 }, peakRssMb: 110 }),
    rec({ tool: 'blackbox', round: 2, perSec: 1400, cpuMsPerCheck: 1.0 }),
    rec({ tool: 'wrk', round: 2, perSec: 6000 }),
    rec({ tool: 'pantau', round: 3, perSec: 2600, cpuMsPerCheck: 0.4, latencyErrorMs: { p50: 2, p99: 7 }, peakRssMb: 100 }),
    rec({ tool: 'blackbox', round: 3, perSec: 1300, cpuMsPerCheck: 1.1 }),
    rec({ tool: 'wrk', round: 3, perSec: 6500 }),
    rec({ tool: 'pantau', round: 1, protocol: 'dns', perSec: 4000, cpuMsPerCheck: 0.2, latencyErrorMs: { p50: 0.5, p99: 2 }, peakRssMb: 80 }),
    rec({ tool: 'blackbox', round: 1, protocol: 'dns', perSec: 1000, cpuMsPerCheck: 0.8 }),
  ];

  it('gives one run per (protocol, concurrency) with the medians over rounds, peak RSS as the max', () => {
    const [http, dns] = assembleRuns(cases);
    expect(http).toEqual({
      protocol: 'http',
      concurrency: 500,
      targets: 100,
      checksPerCase: 4000,
      rounds: 3,
      pantauChecksPerSec: 2600,
      blackboxChecksPerSec: 1300,
      wrkRequestsPerSec: 6500,
      pantauCpuMsPerCheck: 0.4,
      blackboxCpuMsPerCheck: 1.1,
      latencyErrorP50Ms: 2,
      latencyErrorP99Ms: 7,
      peakRssMb: 110,
      throughputVsBlackbox: 2,
      cpuVsBlackbox: 0.36,
      pantauFailed: 0,
      blackboxFailed: 2,
    });
    expect(dns).toMatchObject({ protocol: 'dns', wrkRequestsPerSec: null, throughputVsBlackbox: 4, rounds: 1 });
  });

  it('leaves the blackbox columns null when blackbox did not run', () => {
    const [run] = assembleRuns(cases.filter((c) => c.tool === 'pantau' && c.protocol === 'http'));
    expect(run).toMatchObject({ blackboxChecksPerSec: null, blackboxCpuMsPerCheck: null, throughputVsBlackbox: null, cpuVsBlackbox: null, blackboxFailed: null });
  });
});

describe('docs/performance.md table', () => {
  const table = renderTable({
    generatedAt: '2026-01-01T00:00:00.000Z',
    mode: 'full',
    machine: { node: 'v20', platform: 'linux x64', cpus: 2, cpuModel: 'Test CPU' },
    runs: assembleRuns([rec({ tool: 'pantau', round: 1, perSec: 2000, cpuMsPerCheck: 0.4 }), rec({ tool: 'blackbox', round: 1, perSec: 1000, cpuMsPerCheck: 1 })]),
    bundles: [{ name: 'probe', entry: 'lambdas/probe/handler.ts', bytes: 2048, initMs: 120.5 }],
    notes: [],
  });

  it('renders a row per run and per bundle between the markers', () => {
    expect(table.startsWith(TABLE_START)).toBe(true);
    expect(table.endsWith(TABLE_END)).toBe(true);
    expect(table).toContain('| http | 500 | 100 | 2000 | 1000 | 2× | — | 0.4 | 1 |');
    expect(table).toContain('| probe | `lambdas/probe/handler.ts` | 2 | 120.5 |');
  });

  it('replaces only the text between the markers, and appends the table when they are missing', () => {
    const doc = `# Performance\n\nMethod.\n\n${TABLE_START}\nold figures\n${TABLE_END}\n\n## After\n`;
    const updated = replaceTable(doc, table);
    expect(updated).toBe(`# Performance\n\nMethod.\n\n${table}\n\n## After\n`);
    expect(replaceTable(updated, table)).toBe(updated);
    expect(replaceTable('# Performance\n', table)).toBe(`# Performance\n\n${table}\n`);
  });
});

describe('lambdaEntries', () => {
  it('finds the NodejsFunction entries written in the constructs, defaulted or not, once each', () => {
    const sources = [
      "entry: props.entry ?? 'lambdas/probe/handler.ts',",
      "      entry: 'lambdas/relay/handler.ts',\n  entry: 'lambdas/relay/handler.ts',",
      'entry: join(REPO_ROOT, props.entry),',
    ];
    expect(lambdaEntries(sources)).toEqual(['lambdas/probe/handler.ts', 'lambdas/relay/handler.ts']);
  });
});
