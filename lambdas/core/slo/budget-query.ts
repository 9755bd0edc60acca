import type { ResolvedConfig } from '../config';
import { budgetLeftPctExpression, sloMath, type SloMetricQuery } from './expressions';
import type { SloObjective } from './objectives';
import { sloOf } from './of';
import { DAY_MS } from './types';

/**
 * The read behind "Budget left: NN % of the 30-day budget" in a relayed burn alert: one
 * GetMetricData over the app's SLO window with the overview's budget-tile math
 * (expressions.ts), one period as long as the window so one value comes back.
 *
 * The window ends at the last full hour: GetMetricData wants a start more than 15 days back
 * aligned to the hour, and an hour-aligned end keeps the period exactly the window.
 */

export interface MetricMathQuery {
  namespace: string;
  metrics: SloMetricQuery[];
  /** The expression whose single value is returned. */
  expression: string;
  periodSeconds: number;
  startTime: Date;
  endTime: Date;
}

const HOUR_MS = 3_600_000;

export function budgetLeftQuery(config: Pick<ResolvedConfig, 'regions' | 'metricsNamespace' | 'slo'>, app: string, objective: SloObjective, now: Date): MetricMathQuery {
  const slo = sloOf(config, app);
  const math = sloMath(config.regions, app, slo, objective, 'm');
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return {
    namespace: config.metricsNamespace,
    metrics: math.metrics,
    expression: budgetLeftPctExpression(math.goodFraction, slo, objective),
    periodSeconds: slo.windowMs / 1000,
    startTime: new Date(end - slo.windowMs),
    endTime: new Date(end),
  };
}

/** "Budget left: 63 % of the 30-day budget", or that it could not be read (the alert goes out anyway). */
export function budgetLeftText(pct: number | null, windowMs: number, objective: SloObjective): string {
  const days = Math.round(windowMs / DAY_MS);
  const budget = objective === 'availability' ? `the ${days}-day budget` : `the ${days}-day latency budget`;
  return pct === null ? `Budget left: could not be read (${budget})` : `Budget left: ${Math.round(pct)} % of ${budget}`;
}
