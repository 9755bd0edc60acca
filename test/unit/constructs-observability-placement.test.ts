import { join } from 'node:path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config/load';
import { OBSERVABILITY_INLINE_MAX, SLO_APPS_PER_STACK, observabilityResourceCount, observabilityScopes } from '../../lib/constructs/observability-placement';

/**
 * Dashboards and SLO alarms stay in the monitor stack up to OBSERVABILITY_INLINE_MAX resources
 * (a deployed stack keeps them where they are) and go to nested stacks above it.
 */

const ROOT = join(__dirname, '../..');

describe('observability placement', () => {
  it('the shipped catalogue keeps them in the monitor stack', () => {
    const shipped = loadConfig(join(ROOT, 'config/pantau.config.yaml'));
    expect(observabilityResourceCount(shipped)).toBeLessThanOrEqual(OBSERVABILITY_INLINE_MAX);
    const stack = new Stack(new App(), 'Monitor');
    const scopes = observabilityScopes(stack, shipped);
    expect(scopes).toEqual({ dashboards: stack, slo: stack });
  });

  it('the regional catalogue (38 apps: 40 dashboards, 456 window and 228 composite alarms) gets a dashboards stack and two SLO stacks', () => {
    const regional = loadConfig(join(ROOT, 'config/kpu-regions.yaml'));
    // Per app: 2 objectives × 3 rules × 2 windows = 12 window alarms and 2 × 3 composites; no critical app, so no election-critical composite.
    expect(observabilityResourceCount(regional)).toBe(40 + 38 * 12 + 38 * 6);
    const stack = new Stack(new App(), 'Monitor');
    const scopes = observabilityScopes(stack, regional);
    expect(scopes.dashboards).toBeInstanceOf(NestedStack);
    expect(scopes.slo).toBeInstanceOf(NestedStack);
    expect(scopes.slo).not.toBe(scopes.dashboards);
    expect(NestedStack.of(scopes.slo).nestedStackParent).toBe(stack);
    // 38 apps in groups of SLO_APPS_PER_STACK: the first 24 with the SLO construct, the other 14 in a second stack.
    const apps = [...new Set(regional.targets.map((t) => t.app))];
    const places = apps.map((app) => scopes.sloOfApp!(app));
    expect(places.slice(0, SLO_APPS_PER_STACK).every((p) => p === scopes.slo)).toBe(true);
    expect(new Set(places.slice(SLO_APPS_PER_STACK)).size).toBe(1);
    expect(places[SLO_APPS_PER_STACK]).not.toBe(scopes.slo);
    expect(places[SLO_APPS_PER_STACK]).toBeInstanceOf(NestedStack);
  });
});
