import type { TargetSpec } from '../types';
import { patrolOf } from './spec';

/**
 * Which targets the security patrol may judge: content on http(s), the certificate on https and
 * tls, the answers on dns, unless the target's `patrol: { enabled: false }` turns it off.
 * `pantau patrol` runs these; `validate` counts their SecurityFindings series.
 */
const PATROLLED_KINDS: ReadonlySet<TargetSpec['kind']> = new Set<TargetSpec['kind']>(['http', 'tls', 'dns']);

export function patrolMayJudge(target: Pick<TargetSpec, 'kind' | 'patrol'>): boolean {
  return PATROLLED_KINDS.has(target.kind) && patrolOf(target).enabled;
}
