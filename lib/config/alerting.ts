import type { AlertingConfig, Subscription } from '../../lambdas/core/config';
import { TOPIC_NAMES } from '../../lambdas/contracts/topics';
import type { AlertKind } from '../../lambdas/core/alerting/types';
import { Problems, type Path } from './problems';
import { alertingSchema, alertingSchemaFor, type RawSubscription } from './schema';
import { CHANNELS, type ChannelRegistry, type ChannelType } from '../../lambdas/core/channels/registry';
import { canonicalTimeZone } from './validators';
import { chatSettings } from './chat-schema';
import { resolveSecurityAlerting } from './security-alerting';
import { FINDING_KINDS } from '../../lambdas/core/patrol/finding';

/**
 * `alerting:` → AlertingConfig: which SNS topic each severity goes to, the subscriptions of each
 * topic (with SNS filter policies on the message attributes), alert-storm grouping and the time
 * zone used in message text.
 */

export const ALERTING_DEFAULTS = {
  routes: { critical: 'critical', high: 'warning', low: 'info' },
  storm: { threshold: 5, windowMs: 120_000 },
  timezone: 'Asia/Jakarta',
  language: 'en',
} as const;

const ALERT_KINDS: readonly AlertKind[] = ['down', 'recovered', 'reminder', 'flapping', 'degraded', 'security', 'security_digest', 'acknowledged'];
const SEVERITIES = ['critical', 'high', 'low'];

/** Values a subscription filter may name, as far as the rest of the config is valid. */
export interface FilterVocabulary {
  /** Target apps and capacity sites (capacity alerts carry the site as `app`). */
  apps: ReadonlySet<string>;
  targets: ReadonlySet<string>;
  regions: readonly string[] | undefined;
}

/** `registry`: the channels a subscription may name (a test passes its own; the loader never does). */
export function resolveAlerting(
  raw: unknown,
  vocabulary: FilterVocabulary,
  problems: Problems,
  registry: ChannelRegistry = CHANNELS,
): AlertingConfig | undefined {
  const schema = registry === CHANNELS ? alertingSchema : alertingSchemaFor(registry);
  const parsed = schema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['alerting'], parsed.error);
    return undefined;
  }
  const a = parsed.data;
  const topics = {} as AlertingConfig['topics'];
  for (const name of TOPIC_NAMES) {
    const subs = a.topics?.[name]?.subscriptions ?? [];
    topics[name] = {
      subscriptions: subs.map((s, i) => toSubscription(s, ['alerting', 'topics', name, 'subscriptions', i], vocabulary, problems)),
    };
  }
  return {
    routes: { ...ALERTING_DEFAULTS.routes, ...a.routes },
    topics,
    storm: {
      threshold: a.storm?.threshold ?? ALERTING_DEFAULTS.storm.threshold,
      windowMs: a.storm?.window ?? ALERTING_DEFAULTS.storm.windowMs,
    },
    timezone: canonicalTimeZone(a.timezone ?? ALERTING_DEFAULTS.timezone) ?? ALERTING_DEFAULTS.timezone,
    language: a.language ?? ALERTING_DEFAULTS.language,
    // Only when written: without it security alerts take the target's route (SECURITY_ALERTING_DEFAULTS).
    ...(a.security ? { security: resolveSecurityAlerting(a.security) } : {}),
  };
}

function toSubscription(s: RawSubscription, path: Path, vocabulary: FilterVocabulary, problems: Problems): Subscription {
  // The schema admitted only the registry's types: the built-in ones, or a test registry's own.
  const out: Subscription = { protocol: s.protocol as ChannelType, endpoint: s.endpoint, ...chatSettings(s) };
  if (!s.filter) return out;
  const filter: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(s.filter)) {
    if (!values) continue;
    const known = allowedValues(key, vocabulary);
    values.forEach((value, i) => {
      if (key === 'target' && isDerivedSubject(value, vocabulary)) return;
      if (known && !known.includes(value)) {
        const list = known.length > 12 ? `${known.slice(0, 12).join(', ')} …` : known.join(', ');
        problems.add([...path, 'filter', key, i], `${JSON.stringify(value)} is not a known ${key} in this config — use one of ${list}`);
      }
    });
    filter[key] = values;
  }
  out.filter = filter;
  return out;
}

/**
 * Alert subjects that are not target ids: a storm's `group:<app>` and a capacity resource's
 * `capacity:<site>/<resource>` (resources of a preset are only known at run time).
 */
function isDerivedSubject(value: string, v: FilterVocabulary): boolean {
  const group = /^group:(.+)$/.exec(value);
  if (group) return v.apps.has(group[1]!);
  const capacity = /^capacity:([^/]+)\/.+$/.exec(value);
  return capacity ? v.apps.has(capacity[1]!) : false;
}

function allowedValues(key: string, v: FilterVocabulary): readonly string[] | undefined {
  switch (key) {
    case 'severity':
      return SEVERITIES;
    case 'kind':
      return ALERT_KINDS;
    case 'app':
      return [...v.apps].sort();
    case 'target':
      return [...v.targets].sort();
    case 'region':
      return v.regions;
    case 'finding':
      return FINDING_KINDS;
    default:
      return undefined;
  }
}
