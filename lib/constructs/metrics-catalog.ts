import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { reportsCertificate } from '../../lambdas/core/checks/kinds/registry';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CapacitySource } from '../../lambdas/core/capacity/types';

/**
 * The CloudWatch metrics Pantau publishes, as CDK metric objects, so dashboards and alarms name
 * them one way (lambdas/core/metrics.ts publishes them; namespace and dimensions are a contract).
 */

export const PERIOD = Duration.minutes(5);

/** A probe metric of one app as seen from one region (per-app series: dimensions App, Region). */
export function appMetric(
  config: ResolvedConfig,
  metricName: string,
  app: string,
  region: string,
  statistic: string,
  label?: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: config.metricsNamespace,
    metricName,
    dimensionsMap: { App: app, Region: region },
    statistic,
    period: PERIOD,
    label,
  });
}

/** A capacity metric of one resource (dimensions Site, Resource). */
export function capacityMetric(
  config: ResolvedConfig,
  metricName: 'Utilisation' | 'HeadroomPct' | 'HoursToExhaustion',
  site: string,
  resource: string,
  statistic: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: config.metricsNamespace,
    metricName,
    dimensionsMap: { Site: site, Resource: resource },
    statistic,
    period: PERIOD,
    label: `${site} ${resource}`,
  });
}

/**
 * Number of `Up` samples a probe region sent (all apps) — a CloudWatch Metrics Insights query,
 * because `Up` exists only per (App, Region) and an alarm on one app would miss the others.
 */
export function probeSamplesQuery(config: ResolvedConfig, region: string, label?: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SELECT COUNT(Up) FROM SCHEMA("${config.metricsNamespace}", App, Region) WHERE Region = '${region}'`,
    period: PERIOD,
    label: label ?? `Up samples from ${region}`,
  });
}

/** Apps in config order, each once. */
export function appsOf(config: ResolvedConfig): string[] {
  return [...new Set(config.targets.map((t) => t.app))];
}

/** Apps with at least one target that reports a certificate (https:// or tls://). */
export function appsWithCertificates(config: ResolvedConfig): string[] {
  const apps = config.targets.filter((t) => reportsCertificate(t)).map((t) => t.app);
  return [...new Set(apps)];
}

/**
 * Capacity resources per site. Resource names of explicit sources are known at synth time; a
 * `node-exporter` preset expands at run time (filesystems and network devices are discovered),
 * so such a site is marked `discovered` and charted with a SEARCH expression instead.
 */
export interface SiteResources {
  site: string;
  resources: string[];
  discovered: boolean;
}

export function capacitySites(sources: CapacitySource[]): SiteResources[] {
  const bySite = new Map<string, SiteResources>();
  for (const source of sources) {
    let entry = bySite.get(source.site);
    if (!entry) bySite.set(source.site, (entry = { site: source.site, resources: [], discovered: false }));
    const spec = source.source;
    if (spec.type === 'prometheus' && spec.preset) entry.discovered = true;
    for (const resource of spec.resources) if (!entry.resources.includes(resource.name)) entry.resources.push(resource.name);
  }
  return [...bySite.values()];
}
