import { z } from 'zod';
import { appId, duration, strict } from './schema-kit';

/**
 * The `slo:` section: defaults for every app, per-app overrides under `apps:`, and the apps of
 * the "election-critical apps" alarm.
 *
 *   slo:
 *     availability: 99.9
 *     latency: { thresholdMs: 1000, percentile: 95, target: 99 }
 *     window: 30d
 *     critical: [sirekap, silon]
 *     apps:
 *       sirekap: { availability: 99.95 }
 */

const percent = (what: string) =>
  z.number({ error: `expected ${what} as a number of percent, e.g. 99.9` }).gt(0, { error: `must be above 0 — write ${what} in percent, e.g. 99.9` }).lt(100, {
    error: `must be below 100 — 100 % leaves no error budget; use e.g. 99.99`,
  });

const latencyObjective = strict({
  thresholdMs: z.number().positive({ error: 'must be a positive number of milliseconds, e.g. 1000' }).optional(),
  percentile: z.number().gt(0).lt(100, { error: 'must be between 0 and 100 (exclusive), e.g. 95' }).optional(),
  target: percent('the share of fast checks').optional(),
});

/** What an app may override; `window` is a duration of whole days, 1d to 90d (the dashboards read whole days). */
export const sloFieldsShape = {
  availability: percent('the availability objective').optional(),
  latency: latencyObjective.optional(),
  window: duration({ min: 86_400_000 }).optional(),
};

export const sloAppSchema = strict(sloFieldsShape);

export const sloSchema = strict({
  ...sloFieldsShape,
  critical: z.array(appId).optional(),
  apps: z.record(appId, sloAppSchema.nullable()).optional(),
});

export type RawSlo = z.output<typeof sloSchema>;
export type RawAppSlo = z.output<typeof sloAppSchema>;
