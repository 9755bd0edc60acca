import { formatClock } from '../../../lambdas/core/alerting/timezone';
import type { OnCallOverride } from '../../../lambdas/core/oncall/overrides';
import type { TargetSpec } from '../../../lambdas/core/types';

/**
 * How `check` and `watch` show silences and ad-hoc maintenance windows: which targets of the run
 * each one covers, so a quiet DOWN is never mistaken for a missed page.
 */

/** `silenced     sirekap-web, sirekap-api  by ana until 14:00 WIB: "DNS move" (sil-3f2a1b)`. */
export function overrideLine(o: OnCallOverride, targets: TargetSpec[], timezone: string, now: Date): string | null {
  const covered = targets.filter((t) => o.targets.includes(t.id) || o.apps.includes(t.app)).map((t) => t.id);
  if (covered.length === 0) return null;
  const what = o.kind === 'silence' ? 'silenced   ' : 'maintenance';
  return `${what}  ${covered.join(', ')}  by ${o.by} until ${formatClock(new Date(o.until), timezone, now)}: ${JSON.stringify(o.reason)} (${o.id})`;
}

export function overrideLines(overrides: OnCallOverride[], targets: TargetSpec[], timezone: string, now = new Date()): string[] {
  return overrides.flatMap((o) => overrideLine(o, targets, timezone, now) ?? []);
}

/** For `watch`: a line when an override starts to apply to the run, and one when it stops. */
export class OverrideChanges {
  private shown = new Map<string, OnCallOverride>();

  constructor(
    private readonly targets: TargetSpec[],
    private readonly timezone: string,
  ) {}

  update(active: OnCallOverride[], now = new Date()): string[] {
    const lines: string[] = [];
    const next = new Map(active.map((o) => [o.id, o]));
    for (const o of active) {
      if (this.shown.has(o.id)) continue;
      const line = overrideLine(o, this.targets, this.timezone, now);
      if (line) lines.push(line);
    }
    for (const [id, o] of this.shown) {
      if (!next.has(id)) lines.push(`${o.kind === 'silence' ? 'silence' : 'maintenance'} ${id} over: paging ${o.selector} as usual`);
    }
    this.shown = next;
    return lines;
  }
}
