import type { TargetSpec } from '../types';

/**
 * Which targets the security patrol may judge: content on http(s), the certificate on https and
 * tls, the answers on dns. `pantau patrol` runs these; `validate` counts their SecurityFindings
 * series (so the estimate errs high when a target turns the patrol off).
 */
const PATROLLED_KINDS: ReadonlySet<TargetSpec['kind']> = new Set<TargetSpec['kind']>(['http', 'tls', 'dns']);

export function patrolMayJudge(target: Pick<TargetSpec, 'kind'>): boolean {
  return PATROLLED_KINDS.has(target.kind);
}
