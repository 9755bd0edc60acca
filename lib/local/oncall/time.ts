import { parseDuration } from '../../config/duration';
import { zonedToUtc } from '../../../lambdas/core/alerting/timezone';
import { UsageError } from '../usage-error';

/** `--for 2h`, `--since 24h`: a positive duration, or a one-line usage error naming the flag. */
export function durationFlag(flag: string, text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.problem}`);
  if (parsed.ms <= 0) throw new UsageError(`${flag}: must be longer than 0 — write e.g. 30m or 2h`);
  return parsed.ms;
}

/**
 * `--from`/`--until`: an ISO instant (`2026-12-02T22:00:00Z`, `…+07:00`) or a local date-time in
 * the alert time zone (`2026-12-02 22:00`).
 */
export function instantFlag(flag: string, text: string, timezone: string): Date {
  const at = zonedToUtc(text, timezone);
  if (Number.isNaN(at.getTime())) {
    throw new UsageError(`${flag}: "${text}" is not a time — write e.g. "2026-12-02 22:00" (${timezone}) or 2026-12-02T15:00:00Z`);
  }
  return at;
}
