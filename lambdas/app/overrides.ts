import type { MaintenanceWindow } from '../core/config';
import { formatClock } from '../core/alerting/timezone';
import { isActive, overridesAsWindows, type OnCallOverride } from '../core/oncall/overrides';
import type { LogSink, OverrideStore } from '../ports';

/**
 * Silences and ad-hoc maintenance windows at run time: read once per probe run (one Query),
 * keep the active ones, and hand them to the engine as maintenance windows beside the config's.
 * A failed read is logged and the run goes on with the config's windows alone: a silence that
 * cannot be read must not stop paging.
 */
export async function activeOverrides(store: Pick<OverrideStore, 'listOverrides'> | undefined, at: Date, log: LogSink): Promise<OnCallOverride[]> {
  if (!store) return [];
  try {
    return (await store.listOverrides()).filter((o) => isActive(o, at));
  } catch (err) {
    log.warn('silences and ad-hoc maintenance windows could not be read; only the config windows apply this run', {
      error: err instanceof Error ? err.message : String(err),
    });
    return [];
  }
}

/** The config's windows, then the overrides' (ends written in the alert time zone). */
export function windowsWith(config: MaintenanceWindow[], overrides: OnCallOverride[], timezone: string, at: Date): MaintenanceWindow[] {
  return [...config, ...overridesAsWindows(overrides, (iso) => formatClock(new Date(iso), timezone, at))];
}
