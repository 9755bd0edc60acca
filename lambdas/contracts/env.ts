/**
 * Names of the environment variables the CDK app sets on the Lambda functions and the handlers
 * read. Both sides import them from here, so a renamed variable cannot leave one side reading a
 * name the other no longer sets. Topic ARN variables are per topic: see `topicEnvVar` in
 * topics.ts.
 */
export const ENV = {
  /** Physical name of the state table (in the home region). */
  tableName: 'TABLE_NAME',
  /** Days of history kept (the TTL written on results and samples). */
  historyDays: 'HISTORY_DAYS',
  /** Region of the table, the topics and the metrics. */
  homeRegion: 'HOME_REGION',
  /** Region a probe runs from: the `Region` of its results and metrics. */
  probeRegion: 'PROBE_REGION',
  /** Checks one probe invocation runs at once. */
  probeConcurrency: 'PROBE_CONCURRENCY',
  /** CloudWatch namespace the functions publish to (also the PutMetricData condition). */
  metricsNamespace: 'METRICS_NAMESPACE',
  /** Where the bundled config is read from instead of beside the handler (tests, local runs). */
  configPath: 'PANTAU_CONFIG_PATH',
  /** The chat relay's channel (`telegram:<chat id>`, `slack:<channel id>` …) in the bundled config. */
  chatChannel: 'CHAT_CHANNEL',
  /** Slack / Teams: the topic the chat relay publishes AWS Chatbot notifications to. */
  chatbotTopicArn: 'CHATBOT_TOPIC_ARN',
  /** The status page's private bucket (the status Lambda writes the site there). */
  statusBucket: 'STATUS_BUCKET',
  /** Set by Lambda itself, never by the CDK app: the fallback when a region variable is absent. */
  awsRegion: 'AWS_REGION',
} as const;

export type EnvVarName = (typeof ENV)[keyof typeof ENV];
