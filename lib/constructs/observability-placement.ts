import { NestedStack, type Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { observabilityCost } from '../dashboards/cost';

/**
 * Where the dashboards and the SLO alarms go. Both grow with the number of apps (one dashboard and
 * 9 alarms per app), and CloudFormation takes at most 500 resources per template: the regional
 * catalogue's 38 provinces alone bring 382. Up to OBSERVABILITY_INLINE_MAX of them stay in the
 * monitor stack (every config before the regional catalogue: moving named dashboards and alarms
 * into another template would make a deployed stack replace them); above it, each gets its own
 * nested stack, deployed with the monitor stack, so the SLO alarms have a template of their own
 * up to ≈ 55 apps and the dashboards far beyond.
 */

export const OBSERVABILITY_INLINE_MAX = 200;

export interface ObservabilityScopes {
  dashboards: Construct;
  slo: Construct;
}

/** The number of dashboards, window alarms and composite alarms the config asks for. */
export function observabilityResourceCount(config: ResolvedConfig): number {
  const cost = observabilityCost(config);
  return cost.dashboards + cost.windowAlarms + cost.compositeAlarms;
}

export function observabilityScopes(stack: Stack, config: ResolvedConfig): ObservabilityScopes {
  if (observabilityResourceCount(config) <= OBSERVABILITY_INLINE_MAX) return { dashboards: stack, slo: stack };
  return {
    dashboards: new NestedStack(stack, 'DashboardsStack', { description: `${config.project}: dashboards` }),
    slo: new NestedStack(stack, 'SloStack', { description: `${config.project}: SLO burn-rate alarms` }),
  };
}
