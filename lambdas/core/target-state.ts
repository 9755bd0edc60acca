/**
 * A target's STATE item is its alert state (lambdas/core/alerting/state.ts): confirmed status
 * (up / down / degraded) and since when, the latest observation and streaks per probe region,
 * the open incident, pending alerts and the version its conditional writes check. The raw
 * "latest result" view the first probe cycle kept here is the `regions` map of that state.
 *
 * Kept as the place status displays import from; the engine owns the shape.
 */
export type { AlertState as TargetState, AlertStatus as TargetStatus, RegionState } from './alerting/state';
export { foldRegion } from './alerting/state';
