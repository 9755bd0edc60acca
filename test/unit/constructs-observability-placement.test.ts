import { join } from 'node:path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config/load';
import { OBSERVABILITY_INLINE_MAX, observabilityResourceCount, observabilityScopes } from '../../lib/constructs/observability-placement';

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

  it('the regional catalogue (38 apps: 40 dashboards, 228 window and 114 composite alarms) gets two nested stacks', () => {
    const regional = loadConfig(join(ROOT, 'config/kpu-regions.yaml'));
    expect(observabilityResourceCount(regional)).toBe(40 + 228 + 114);
    const stack = new Stack(new App(), 'Monitor');
    const scopes = observabilityScopes(stack, regional);
    expect(scopes.dashboards).toBeInstanceOf(NestedStack);
    expect(scopes.slo).toBeInstanceOf(NestedStack);
    expect(scopes.slo).not.toBe(scopes.dashboards);
    expect(NestedStack.of(scopes.slo).nestedStackParent).toBe(stack);
  });
});
