import type { CheckResult } from '../../core/types';
import type { ResultHistory } from '../../ports';

/** Result history in memory: one entry per (target, time, region), like the DynamoDB items. */
export class MemoryResultHistory implements ResultHistory {
  private readonly byTarget = new Map<string, Map<string, CheckResult>>();

  async saveResults(results: CheckResult[]): Promise<number> {
    for (const r of results) {
      const history = this.byTarget.get(r.target) ?? new Map<string, CheckResult>();
      history.set(`${r.ts}#${r.region}`, structuredClone(r));
      this.byTarget.set(r.target, history);
    }
    return results.length;
  }

  async recentResults(targetId: string, limit = 20): Promise<CheckResult[]> {
    const history = this.byTarget.get(targetId) ?? new Map<string, CheckResult>();
    return [...history.entries()]
      .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
      .slice(0, limit)
      .map(([, r]) => structuredClone(r));
  }
}
