import { NestedStack, type Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { observabilityCost } from '../dashboards/cost';
import { appsOf } from './metrics-catalog';

/**
 * Where the dashboards and the SLO alarms go. Both grow with the number of apps (one dashboard and
 * 18 alarms per app: availability and latency, 3 rules × 2 windows + 3 composites each), and
 * CloudFormation takes at most 500 resources per template: the regional catalogue's 38 provinces
 * alone bring 724. Up to OBSERVABILITY_INLINE_MAX of them stay in the monitor stack (every config
 * before the regional catalogue: moving named dashboards and alarms into another template would
 * make a deployed stack replace them); above it, the dashboards get a nested stack of their own
 * and the SLO alarms one nested stack per SLO_APPS_PER_STACK apps, all deployed with the monitor
 * stack.
 */

export const OBSERVABILITY_INLINE_MAX = 200;

/** Apps whose SLO alarms share one nested stack: 24 × 18 = 432 resources, under the 500 limit with room for the election-critical alarm and its parts. */
export const SLO_APPS_PER_STACK = 24;

export interface ObservabilityScopes {
  dashboards: Construct;
  /** Where the SLO construct itself (and the election-critical alarm) lives. */
  slo: Construct;
  /** Where an app's SLO alarms go: `slo` itself while they fit the monitor stack. */
  sloOfApp?: (app: string) => Construct;
}

/** The number of dashboards, window alarms and composite alarms the config asks for. */
export function observabilityResourceCount(config: ResolvedConfig): number {
  const cost = observabilityCost(config);
  return cost.dashboards + cost.windowAlarms + cost.compositeAlarms;
}

export function observabilityScopes(stack: Stack, config: ResolvedConfig): ObservabilityScopes {
  if (observabilityResourceCount(config) <= OBSERVABILITY_INLINE_MAX) return { dashboards: stack, slo: stack };
  const apps = appsOf(config);
  const sloStacks: NestedStack[] = [];
  const stackOfApp = new Map<string, NestedStack>();
  apps.forEach((app, i) => {
    const n = Math.floor(i / SLO_APPS_PER_STACK);
    sloStacks[n] ??= new NestedStack(stack, n === 0 ? 'SloStack' : `SloStack${n + 1}`, {
      description: `${config.project}: SLO burn-rate alarms${n === 0 ? '' : ` (part ${n + 1})`}`,
    });
    stackOfApp.set(app, sloStacks[n]!);
  });
  const first = sloStacks[0] ?? new NestedStack(stack, 'SloStack', { description: `${config.project}: SLO burn-rate alarms` });
  return {
    dashboards: new NestedStack(stack, 'DashboardsStack', { description: `${config.project}: dashboards` }),
    slo: first,
    sloOfApp: (app) => stackOfApp.get(app) ?? first,
  };
}
