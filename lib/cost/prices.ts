/**
 * The AWS list prices `pantau cost` multiplies by, in USD. Each says where it comes from and
 * whether it is the Jakarta (ap-southeast-3) price or the us-east-1 one used where the Jakarta
 * figure was not at hand: docs/cost.md prints the same table with its date, so a price change is
 * one edit here and one there.
 */

export type PriceRegion = 'ap-southeast-3' | 'us-east-1';

export interface Price {
  usd: number;
  unit: string;
  region: PriceRegion;
}

/** When the table below was last checked against the AWS pricing pages. */
export const PRICES_CHECKED = '2026-12-02';

export const PRICES = {
  /** Lambda, arm64 (Pantau's functions run on Graviton): duration. */
  lambdaGbSecond: { usd: 0.0000133334, unit: 'GB-second (arm64)', region: 'us-east-1' },
  lambdaRequest: { usd: 0.2 / 1e6, unit: 'request', region: 'us-east-1' },
  /** DynamoDB on-demand (the table's billing mode). */
  dynamoWriteUnit: { usd: 0.625 / 1e6, unit: 'write request unit', region: 'us-east-1' },
  dynamoReadUnit: { usd: 0.125 / 1e6, unit: 'read request unit', region: 'us-east-1' },
  dynamoStorageGbMonth: { usd: 0.25, unit: 'GB-month', region: 'us-east-1' },
  /** First tier; lib/config/metric-count.ts holds the whole tier table and applies it. */
  cloudwatchMetricMonth: { usd: 0.3, unit: 'custom metric-month (first 10,000)', region: 'ap-southeast-3' },
  cloudwatchPutMetricData: { usd: 0.01 / 1000, unit: 'PutMetricData request', region: 'ap-southeast-3' },
  cloudwatchAlarmMonth: { usd: 0.1, unit: 'standard-resolution alarm-month', region: 'ap-southeast-3' },
  cloudwatchDashboardMonth: { usd: 3, unit: 'dashboard-month (3 free per account)', region: 'ap-southeast-3' },
  logsIngestGb: { usd: 0.5, unit: 'GB of logs ingested', region: 'us-east-1' },
  logsStorageGbMonth: { usd: 0.03, unit: 'GB-month of logs kept', region: 'us-east-1' },
  secretsManagerSecretMonth: { usd: 0.4, unit: 'secret-month', region: 'us-east-1' },
  secretsManagerCall: { usd: 0.05 / 10_000, unit: 'API call', region: 'us-east-1' },
  snsPublish: { usd: 0.5 / 1e6, unit: 'publish', region: 'us-east-1' },
  snsEmail: { usd: 2 / 100_000, unit: 'email notification', region: 'us-east-1' },
  schedulerInvocation: { usd: 1 / 1e6, unit: 'scheduled invocation (after 14 million free)', region: 'us-east-1' },
  /** Interface endpoints, per endpoint per AZ (lib/constructs/vpc-plan.ts owns the figure). */
  vpcEndpointAzHour: { usd: 0.01, unit: 'interface endpoint-AZ-hour', region: 'ap-southeast-3' },
  s3StorageGbMonth: { usd: 0.025, unit: 'GB-month', region: 'ap-southeast-3' },
  s3Get: { usd: 0.4 / 1e6, unit: 'GET request', region: 'us-east-1' },
  cloudfrontGbOut: { usd: 0.12, unit: 'GB out (Asia Pacific edge)', region: 'us-east-1' },
  cloudfrontHttpsRequest: { usd: 1.2 / 1e6, unit: 'HTTPS request (Asia Pacific edge)', region: 'us-east-1' },
  /** CloudWatch Synthetics: one canary run per check per region. */
  syntheticsCanaryRun: { usd: 0.0012, unit: 'canary run', region: 'us-east-1' },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;
