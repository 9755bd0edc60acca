import type { MaintenanceWindow } from '../config';

/**
 * Silences and ad-hoc maintenance windows set from the command line (`pantau silence`,
 * `pantau maintenance add`): stored in the table, read once per probe run, merged with the
 * config's maintenance windows, so they take effect at the next run without a deploy.
 */

export type OverrideKind = 'silence' | 'maintenance';

export interface OnCallOverride {
  /** Short id, unique per table (`sil-…` or `mnt-…`). */
  id: string;
  kind: OverrideKind;
  /** As written: a target id, `app:NAME` or `tag:key=value`. */
  selector: string;
  /** Target ids it covers (a tag selector is resolved against the config when it is set). */
  targets: string[];
  /** Apps it covers, every target of each. */
  apps: string[];
  /** ISO instants: active from `from` until just before `until`. */
  from: string;
  until: string;
  reason: string;
  by: string;
  /** ISO time it was set. */
  createdAt: string;
}

/** Active at `at`: begun and not yet ended. */
export function isActive(override: OnCallOverride, at: Date): boolean {
  const t = at.getTime();
  return Date.parse(override.from) <= t && t < Date.parse(override.until);
}

/** How an override reads in alerts and listings: `silenced by ana until 14:00 WIB: "DNS move"`. */
export function overrideLabel(override: OnCallOverride, untilText: string): string {
  const verb = override.kind === 'silence' ? 'silenced' : 'maintenance';
  return `${verb} by ${override.by} until ${untilText}: ${JSON.stringify(override.reason)}`;
}

/**
 * The overrides as maintenance windows (one-off, explicit UTC instants), for the engine: a
 * silence is a window that keeps the subject quiet, records what happened and reports it after.
 * `untilText` formats the end in the alert time zone.
 */
export function overridesAsWindows(overrides: OnCallOverride[], untilText: (iso: string) => string): MaintenanceWindow[] {
  return overrides.map((o) => ({
    name: overrideLabel(o, untilText(o.until)),
    // A window with no targets and no apps covers everything: an override always names some.
    targets: o.targets.length === 0 && o.apps.length === 0 ? ['\u0000none'] : o.targets,
    apps: o.apps,
    timezone: 'UTC',
    start: o.from,
    end: o.until,
  }));
}
