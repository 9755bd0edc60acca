import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lib/config/load';
import { sloOf, criticalApps } from '../../lambdas/core/slo/of';
import { DEFAULT_SLO } from '../../lambdas/core/slo/types';

/** The `slo:` section: defaults, per-app overrides, the critical list, and clear problems. */

const TARGETS = `
targets:
  - { id: sirekap-web, url: "https://sirekap.example/", app: sirekap, severity: critical }
  - { id: silon-web, url: "https://silon.example/", app: silon }
  - { id: jdih, url: "https://jdih.example/" }
`;

function problems(yaml: string): string[] {
  try {
    parseConfig(yaml);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('slo: in the config', () => {
  it('without it every app has the default objective, and critical apps are those with a critical target', () => {
    const config = parseConfig(TARGETS);
    expect(config.slo).toBeUndefined();
    expect(sloOf(config, 'silon')).toEqual({ availability: 99.9, latency: { thresholdMs: 1000, percentile: 95, target: 99 }, windowMs: 30 * 86_400_000 });
    expect(sloOf(config, 'silon')).toEqual(DEFAULT_SLO);
    expect(criticalApps(config)).toEqual(['sirekap']);
  });

  it('resolves defaults < slo: < slo.apps.<app> onto every app', () => {
    const config = parseConfig(`${TARGETS}
slo:
  availability: 99.5
  latency: { thresholdMs: 800 }
  window: 28d
  critical: [silon, sirekap]
  apps:
    sirekap: { availability: 99.95, latency: { percentile: 99 } }
`);
    expect(config.slo!.critical).toEqual(['silon', 'sirekap']);
    expect(config.slo!.apps.sirekap).toEqual({ availability: 99.95, latency: { thresholdMs: 800, percentile: 99, target: 99 }, windowMs: 28 * 86_400_000 });
    expect(config.slo!.apps.jdih).toEqual({ availability: 99.5, latency: { thresholdMs: 800, percentile: 95, target: 99 }, windowMs: 28 * 86_400_000 });
    expect(criticalApps(config)).toEqual(['silon', 'sirekap']);
  });

  it('names the field and the fix for bad input', () => {
    expect(problems(`${TARGETS}\nslo: { availability: 100 }`)).toEqual([expect.stringMatching(/^slo\.availability: .*100.*\(line \d+\)$/)]);
    expect(problems(`${TARGETS}\nslo: { window: 36h }`)).toEqual([expect.stringMatching(/^slo\.window: must be whole days up to 90d — use e\.g\. 30d/)]);
    expect(problems(`${TARGETS}\nslo: { critical: [sirekap, pemilu] }`)).toEqual([
      expect.stringMatching(/^slo\.critical\[1\]: "pemilu" is not an app of this config — use one of sirekap, silon, jdih/),
    ]);
    expect(problems(`${TARGETS}\nslo: { apps: { pemilu: { availability: 99 } } }`)).toEqual([expect.stringMatching(/^slo\.apps\.pemilu: "pemilu" is not an app/)]);
    expect(problems(`${TARGETS}\nslo: { availabilty: 99 }`)).toEqual([expect.stringMatching(/^slo\.availabilty: unknown field — did you mean availability\?/)]);
  });
});
