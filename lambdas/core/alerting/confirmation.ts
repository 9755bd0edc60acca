import type { EngineContext } from './steps/turn';
import type { ConfirmationNote } from './messages';
import type { AlertState } from './state';
import type { Tally } from './tally';

/**
 * Set when fewer regions confirm than the configured quorum asks (because others are silent or
 * impaired): the alert says who confirmed it and which configured regions could not.
 */
export function confirmationOf(
  tally: Tally,
  ctx: EngineContext,
  configuredQuorum: number,
  nowMs: number,
  regions: AlertState['regions'],
  status: AlertState['status'],
): ConfirmationNote | undefined {
  const configured = ctx.regions ?? Object.keys(regions);
  const confirming = status === 'degraded' ? tally.degraded.length : tally.failing.length;
  if (confirming >= configuredQuorum || confirming === 0) return undefined;
  const absent = configured
    .filter((name) => !tally.live.includes(name))
    .sort()
    .map((region) => {
      const r = regions[region];
      if (r && tally.impaired.includes(region)) return { region, state: 'impaired' as const, forMs: null };
      return { region, state: 'silent' as const, forMs: r ? Math.max(0, nowMs - Date.parse(r.ts)) : null };
    });
  return { by: confirming, of: Math.max(ctx.regionCount, configured.length), needed: configuredQuorum, absent };
}

