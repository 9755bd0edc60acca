import { MAX_LINK_HOSTS, type ContentBaseline, type PatrolState } from './state';

/**
 * Two regions (or two shards) may judge the same target at the same time and both change its
 * stored patrol state. A write is conditional on the version that was read; when another writer
 * got in first, this three-way merge replays what this judgement changed onto what is stored now:
 * - a part this judgement left alone keeps the stored value (the other writer's change stands);
 * - a part only this judgement changed takes its value (a removal removes it);
 * - a part both changed: the first writer's certificate or NS set stands (the next check judges
 *   against it: the same leaf is silent, a renewal a note, another issuer a finding — as it should
 *   be when two regions are shown different certificates); page baselines keep the one learned
 *   over more checks, and the outbound link hosts of both.
 * Pure and deterministic, so a retry after another conflict merges the same way.
 */
export function mergePatrolStates(base: PatrolState | undefined, mine: PatrolState, stored: PatrolState | undefined): PatrolState {
  const merged: PatrolState = { ...stored };
  const put = <K extends keyof PatrolState>(part: K, value: PatrolState[K] | undefined) => {
    if (value === undefined) delete merged[part];
    else merged[part] = value;
  };
  for (const part of ['cert', 'ns'] as const) {
    if (same(base?.[part], mine[part])) continue;
    if (same(base?.[part], stored?.[part])) put(part, mine[part]);
  }
  if (!same(base?.content, mine.content)) {
    put('content', same(base?.content, stored?.content) ? mine.content : bothLearned(mine.content, stored?.content));
  }
  return merged;
}

function bothLearned(mine: ContentBaseline | undefined, stored: ContentBaseline | undefined): ContentBaseline | undefined {
  if (!mine || !stored) return stored;
  const learned = mine.samples > stored.samples ? mine : stored;
  const linkHosts = [...new Set([...stored.linkHosts, ...mine.linkHosts])].slice(0, MAX_LINK_HOSTS);
  return { ...learned, linkHosts };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
