import { z } from 'zod';
import { TOPIC_NAMES } from '../../lambdas/contracts/topics';
import type { SecurityAlerting } from '../../lambdas/core/config';
import { strict } from './schema-kit';

/**
 * `alerting.security:` — where the security patrol's alerts go. `topic` sends every `security`
 * alert to one topic (a security team's); without it a finding pages on the target's own route.
 * `digestTopic` is where the daily `security_digest` of low-severity findings goes.
 */

export const SECURITY_ALERTING_DEFAULTS: SecurityAlerting = { digestTopic: 'info' };

export const securityAlertingSchema = strict({
  topic: z.enum(TOPIC_NAMES).optional(),
  digestTopic: z.enum(TOPIC_NAMES).optional(),
});

export function resolveSecurityAlerting(raw: z.output<typeof securityAlertingSchema> | undefined): SecurityAlerting {
  return {
    ...(raw?.topic ? { topic: raw.topic } : {}),
    digestTopic: raw?.digestTopic ?? SECURITY_ALERTING_DEFAULTS.digestTopic,
  };
}
