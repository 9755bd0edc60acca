import type { Run } from './shape';

/** The comparison's console lines: one per (protocol, concurrency), the ratios first. */
export function comparisonSummary(runs: readonly Run[]): string {
  return runs
    .map((r) => {
      const vs = r.throughputVsBlackbox === null ? 'blackbox n/a' : `${r.throughputVsBlackbox}× blackbox (${r.blackboxChecksPerSec}/s)`;
      const cpu = r.blackboxCpuMsPerCheck === null ? '' : ` vs ${r.blackboxCpuMsPerCheck}`;
      const wrk = r.wrkRequestsPerSec === null ? '' : `, wrk ${r.wrkRequestsPerSec} req/s`;
      return (
        `${r.protocol.padEnd(5)} ×${String(r.concurrency).padEnd(3)}: pantau ${r.pantauChecksPerSec} checks/s = ${vs}${wrk}; ` +
        `CPU ms/check ${r.pantauCpuMsPerCheck}${cpu}; latency error p50/p99 ${r.latencyErrorP50Ms}/${r.latencyErrorP99Ms} ms; peak RSS ${r.peakRssMb} MB`
      );
    })
    .join('\n');
}
