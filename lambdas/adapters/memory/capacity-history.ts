import type { CapacityLevel } from '../../core/capacity/levels';
import {
  capacitySubject,
  type CapacityHistory,
  type CapacityState,
  type ResourceHistory,
  type SampleToSave,
  type SubjectStateStore,
} from '../../ports';

interface StoredSample {
  tMs: number;
  utilisation: number;
  counters?: Record<string, number>;
}

/**
 * Capacity history in memory. The state lives on the resource's subject state (shared with the
 * alert engine, as on DynamoDB), so pass the same subject state store the alert cycle uses.
 */
export class MemoryCapacityHistory implements CapacityHistory {
  private readonly samples = new Map<string, Map<string, StoredSample>>();

  constructor(private readonly subjects: SubjectStateStore) {}

  async saveSamples(samples: SampleToSave[]): Promise<number> {
    for (const { reading, counters } of samples) {
      const id = resourceId(reading.site, reading.resource);
      const ofResource = this.samples.get(id) ?? new Map<string, StoredSample>();
      const sample: StoredSample = { tMs: Date.parse(reading.ts), utilisation: reading.utilisation };
      ofResource.set(reading.ts, counters ? { ...sample, counters: { ...counters.values } } : sample);
      this.samples.set(id, ofResource);
    }
    return samples.length;
  }

  async history(site: string, resource: string, fromMs: number, toMs: number): Promise<ResourceHistory> {
    const inRange = [...(this.samples.get(resourceId(site, resource))?.values() ?? [])]
      .filter((s) => s.tMs >= fromMs && s.tMs <= toMs)
      .sort((a, b) => a.tMs - b.tMs);
    const newest = inRange.at(-1);
    return {
      points: inRange.map((s) => ({ tMs: s.tMs, value: s.utilisation })),
      ...(newest
        ? { latest: { tsMs: newest.tMs, ...(newest.counters ? { counters: { tsMs: newest.tMs, values: { ...newest.counters } } } : {}) } }
        : {}),
    };
  }

  async getState(site: string, resource: string): Promise<CapacityState | undefined> {
    return (await this.subjects.readSubject<CapacityState>(capacitySubject(site, resource)))?.value;
  }

  saveState(next: CapacityState): Promise<{ previousLevel: CapacityLevel | null }> {
    return this.subjects.updateSubject<CapacityState, { previousLevel: CapacityLevel | null }>(
      capacitySubject(next.site, next.resource),
      (previous) => ({
        value: { ...previous, ...next, levelSince: previous?.level === next.level ? previous.levelSince : next.levelSince },
        outcome: { previousLevel: previous?.level ?? null },
      }),
    );
  }
}

const resourceId = (site: string, resource: string) => `${site}\u0000${resource}`;
