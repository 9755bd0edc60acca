/**
 * The alert topics: one per severity route target. The CDK app creates one SNS topic per name and
 * hands each function its ARN in `topicEnvVar(name)`; the notifier reads the same variables.
 */
export const TOPIC_NAMES = ['critical', 'warning', 'info'] as const;

export type TopicName = (typeof TOPIC_NAMES)[number];

/** Environment variable carrying a topic's ARN (TOPIC_ARN_CRITICAL …). */
export function topicEnvVar(topic: TopicName): string {
  return `TOPIC_ARN_${topic.toUpperCase()}`;
}
