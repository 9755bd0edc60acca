import type { Severity } from '../types';
import { burnRateWithin, type TimedEvent } from './math';

/**
 * Multi-window, multi-burn-rate alerting (the SRE workbook, "Alerting on SLOs"): an alert fires
 * when the burn rate exceeds the factor over BOTH a long window (the budget really is being spent)
 * and a short one (it is still being spent now, so the alert resets soon after a fix).
 *
 * For a 30-day window: 14.4× over 1 h spends 2 % of the budget, 6× over 6 h spends 5 % — both
 * page; 1× over 3 days spends 10 % — a ticket. A window shorter than 30 days keeps the factors
 * (they are rates), so the share of budget per alert grows in proportion.
 */
export interface BurnRule {
  /** Stable name, part of alarm names: `fast`, `slow`, `ticket`. */
  name: 'fast' | 'slow' | 'ticket';
  /** Who hears of it: a page (the app's own severity) or a ticket (low). */
  urgency: 'page' | 'ticket';
  factor: number;
  longMs: number;
  shortMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const BURN_RULES: readonly BurnRule[] = [
  { name: 'fast', urgency: 'page', factor: 14.4, longMs: HOUR, shortMs: 5 * MINUTE },
  { name: 'slow', urgency: 'page', factor: 6, longMs: 6 * HOUR, shortMs: 30 * MINUTE },
  { name: 'ticket', urgency: 'ticket', factor: 1, longMs: 72 * HOUR, shortMs: 6 * HOUR },
];

/** A ticket goes to the low-severity route whatever the app's severity; a page keeps it. */
export function burnSeverity(rule: BurnRule, appSeverity: Severity): Severity {
  return rule.urgency === 'page' ? appSeverity : 'low';
}

/** `1h`, `5m`, `3d`: how alarm names and messages say a window. */
export function windowLabel(ms: number): string {
  if (ms % (24 * HOUR) === 0 && ms >= 24 * HOUR) return `${ms / (24 * HOUR)}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${ms / MINUTE}m`;
}

/** Burn rates of one rule's two windows, and whether the rule fires (both above the factor). */
export interface RuleVerdict {
  rule: BurnRule;
  long: number | null;
  short: number | null;
  fires: boolean;
}

/** What the alarms decide, computed from check results: one verdict per rule. */
export function judgeBurnRules(events: readonly TimedEvent[], now: number, objectivePct: number, rules: readonly BurnRule[] = BURN_RULES): RuleVerdict[] {
  return rules.map((rule) => {
    const long = burnRateWithin(events, now, rule.longMs, objectivePct);
    const short = burnRateWithin(events, now, rule.shortMs, objectivePct);
    return { rule, long, short, fires: long !== null && short !== null && long > rule.factor && short > rule.factor };
  });
}
