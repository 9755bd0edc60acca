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

/**
 * The name an override's window carries, which is how alerts name it: a silence reads
 * `silenced by ana until 14:00 WIB ("DNS move")`; an ad-hoc maintenance window is named by its
 * reason and who set it, and reads like a configured one (`maintenance "switch swap (set by ana)"`).
 */
export function overrideWindowName(override: OnCallOverride, untilText: string): string {
  if (override.kind === 'silence') return `${SILENCE_PREFIX}${override.by} until ${untilText} (${JSON.stringify(override.reason)})`;
  return `${override.reason} (set by ${override.by})`;
}

const SILENCE_PREFIX = 'silenced by ';

/** A window that stands for a silence (its name says so, see overrideWindowName). */
export const isSilenceWindow = (name: string): boolean => name.startsWith(SILENCE_PREFIX);

/** How a message names a window it was inside: the silence itself, or `maintenance "<name>"`. */
export const windowPhrase = (name: string): string => (isSilenceWindow(name) ? name : `maintenance "${name}"`);

/**
 * The overrides as maintenance windows (one-off, explicit UTC instants), for the engine: a
 * silence is a window that keeps the subject quiet, records what happened and reports it after.
 * `untilText` formats the end in the alert time zone.
 */
export function overridesAsWindows(overrides: OnCallOverride[], untilText: (iso: string) => string): MaintenanceWindow[] {
  return overrides.map((o) => ({
    name: overrideWindowName(o, untilText(o.until)),
    // A window with no targets and no apps covers everything: an override always names some.
    targets: o.targets.length === 0 && o.apps.length === 0 ? ['\u0000none'] : o.targets,
    apps: o.apps,
    timezone: 'UTC',
    start: o.from,
    end: o.until,
  }));
}
