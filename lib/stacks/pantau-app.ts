import type { App, Environment } from 'aws-cdk-lib';
import { planProbeFleets } from '../../lambdas/core/schedule/fleet-plan';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { MonitorStack } from './monitor-stack';
import { ProbeStack } from './probe-stack';
import { stackPrefix } from '../config/stack-prefix';

// Pure, so the dashboards can name the stacks without loading CDK.
export { stackPrefix };

export interface PantauStacks {
  monitor: MonitorStack;
  probes: ProbeStack[];
}

/**
 * One MonitorStack in the home region and one ProbeStack per extra probe region. Regions are
 * explicit and no stack does lookups, so `cdk synth` runs offline without credentials; the
 * account is optional (CDK_DEFAULT_ACCOUNT when the CLI has credentials).
 */
export function createPantauStacks(app: App, config: ResolvedConfig, options: { account?: string } = {}): PantauStacks {
  const env = (region: string): Environment => (options.account ? { account: options.account, region } : { region });
  const prefix = stackPrefix(config.project);
  const monitor = new MonitorStack(app, `${prefix}-Monitor`, {
    env: env(config.homeRegion),
    description: `${config.project}: table, alert topics, home-region probes, capacity, dashboard, self-watch`,
    config,
  });
  // Only the internet fleet runs in the other probe regions: private targets are reached from the home region's VPC.
  const internet = planProbeFleets(config).some((f) => f.placement === 'internet');
  const extraRegions = internet ? config.regions.filter((r) => r !== config.homeRegion) : [];
  const probes = extraRegions.map((region) => {
    const stack = new ProbeStack(app, `${prefix}-Probe-${region}`, {
      env: env(region),
      description: `${config.project}: probes from ${region}, reporting to ${config.homeRegion}`,
      config,
      probeRegion: region,
    });
    // The probe roles reference the home table and topics by name: deploy the home stack first.
    stack.addStackDependency(monitor);
    return stack;
  });
  return { monitor, probes };
}
