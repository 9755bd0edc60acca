import { reportsCertificate } from '../../lambdas/core/checks/kinds/registry';
import { descriptorFor } from '../../lambdas/core/capacity/sources/registry';
import type { ResolvedConfig } from '../../lambdas/core/config';
import type { CapacitySource } from '../../lambdas/core/capacity/types';

/**
 * What the config says there is to chart and alarm on: apps, apps with certificates, capacity
 * resources per site. The metrics themselves come from metric-factory.ts.
 */

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
    if (descriptorFor(spec.type).discoversResources?.(spec)) entry.discovered = true;
    for (const resource of spec.resources) if (!entry.resources.includes(resource.name)) entry.resources.push(resource.name);
  }
  return [...bySite.values()];
}
