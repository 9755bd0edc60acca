import { z } from 'zod';
import { FILTER_ATTRIBUTES } from '../../lambdas/contracts/message-attributes';
import { TOPIC_NAMES } from '../../lambdas/contracts/topics';
import { DURATION_LIMITS } from './limits';
import { alertLanguage } from './contact-schema';
import { chatSettingProblems, chatSubscriptionShape } from './chat-schema';
import { checkTimeZone } from './validators';
import { CHANNELS, channelTypes, endpointProblem, type ChannelRegistry } from '../../lambdas/core/channels/registry';
import { securityAlertingSchema } from './security-alerting';
import { strict, checked, duration, nonEmpty, textList, wholeNumber } from './schema-kit';

// ---------------------------------------------------------------------------------------------
// Alerting

const topicName = z.enum(TOPIC_NAMES);

/**
 * A topic subscription. Its `protocol:` names a channel of the registry, whose descriptor checks
 * the endpoint; the registry is a parameter so a test can validate against its own channels.
 */
function subscriptionSchema(registry: ChannelRegistry) {
  return strict({
    protocol: z.enum(channelTypes(registry)),
    endpoint: nonEmpty,
    filter: z.partialRecord(z.enum(FILTER_ATTRIBUTES), textList()).optional(),
    ...chatSubscriptionShape,
  }).superRefine((s, ctx) => {
    const problem = endpointProblem(s.protocol, s.endpoint, registry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['endpoint'] });
    for (const p of chatSettingProblems(s, registry)) ctx.addIssue({ code: 'custom', message: p.message, path: [p.setting] });
  });
}
export type RawSubscription = z.output<ReturnType<typeof subscriptionSchema>>;

/** The `alerting:` block, with subscriptions checked against `registry` (the built-in channels unless a test passes its own). */
export function alertingSchemaFor(registry: ChannelRegistry = CHANNELS) {
  const topic = strict({ subscriptions: z.array(subscriptionSchema(registry)).optional() });
  return strict({
    routes: strict({ critical: topicName.optional(), high: topicName.optional(), low: topicName.optional() }).optional(),
    topics: strict({ critical: topic.optional(), warning: topic.optional(), info: topic.optional() }).optional(),
    // threshold 0 or 1 turns grouping off (every alert goes out on its own).
    storm: strict({ threshold: wholeNumber(0, 10_000).optional(), window: duration({ min: 1_000, max: DURATION_LIMITS.stormWindow }).optional() }).optional(),
    timezone: checked(checkTimeZone).optional(),
    language: alertLanguage.optional(),
    security: securityAlertingSchema.optional(),
  });
}

export const alertingSchema = alertingSchemaFor(CHANNELS);
export type RawAlerting = z.output<typeof alertingSchema>;

// ---------------------------------------------------------------------------------------------
// Maintenance windows

export const maintenanceSchema = strict({
  name: nonEmpty,
  targets: z.array(nonEmpty).optional(),
  apps: z.array(nonEmpty).optional(),
  timezone: checked(checkTimeZone).optional(),
  start: nonEmpty.optional(),
  end: nonEmpty.optional(),
  cron: nonEmpty.optional(),
  weekdays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).min(1).optional(),
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'is not a time of day — write "HH:MM" in 24-hour form, e.g. "02:00"' }).optional(),
  duration: duration({ min: 60_000 }).optional(),
});
export type RawMaintenance = z.output<typeof maintenanceSchema>;

