/**
 * The public status page: its configuration, the daily availability it charts, and the model
 * the renderer turns into HTML and status.json. Plain JSON data, like every core type.
 */

/** `statusPage:` as resolved. Every app is public unless hidden. */
export interface StatusPageConfig {
  enabled: boolean;
  /** Apps left off the page (internal services, control endpoints). */
  hide: string[];
  title?: string;
  /** Custom domain served by CloudFront (needs `certificateArn`, a us-east-1 ACM certificate). */
  domain?: string;
  certificateArn?: string;
  /** `apps.<app>.displayName`: how the public knows an app ("Sirekap"), by app id. */
  displayNames: Record<string, string>;
}

/** One app's check results of one local day: what the 90-day bars are drawn from. */
export interface DailyAvailability {
  app: string;
  /** Local calendar day, YYYY-MM-DD, in the alerting time zone. */
  day: string;
  /** Checks that passed (degraded counts as passed: the service answered). */
  good: number;
  total: number;
  /** Sum and count of the passing checks' latency, for the day's average. */
  latencySumMs: number;
  latencyCount: number;
}

/** The increment one probe run adds to an app's day (stored with an atomic ADD). */
export type DailyIncrement = DailyAvailability;

export type PublicStatus = 'up' | 'degraded' | 'down' | 'maintenance' | 'unknown';

/** An incident update marked public by on-call staff. Who wrote it is never published. */
export interface PublicNote {
  ts: string;
  text: string;
}

export interface PublicIncident {
  id: string;
  status: 'open' | 'closed';
  start: string;
  end: string | null;
  durationMs: number | null;
  notes: PublicNote[];
}

export interface DayBar {
  day: string;
  /** Percentage of passing checks, or null when nothing was checked that day. */
  availability: number | null;
}

export interface AppStatus {
  app: string;
  name: string;
  status: PublicStatus;
  /** Median latency of the latest passing checks, ms; null when none passed. */
  latencyMs: number | null;
  /** Availability over the days that have data, percent; null when none has. */
  availability90d: number | null;
  days: DayBar[];
  incidents: PublicIncident[];
}

export interface StatusModel {
  title: string;
  generatedAt: string;
  timeZone: string;
  overall: PublicStatus;
  apps: AppStatus[];
}
