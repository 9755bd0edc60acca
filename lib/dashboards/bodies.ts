import type { ResolvedConfig } from '../../lambdas/core/config';
import { appsOf } from '../constructs/metrics-catalog';
import { stackPrefix } from '../config/stack-prefix';
import { capacityBody } from './capacity';
import { healthBody } from './health';
import { OVERVIEW_ROW_WIDGETS, overviewBody, type Env } from './overview';
import { perAppBody } from './per-app';
import { chunk, type DashboardBody } from './widgets';

export type { DashboardBody, Widget, MetricRow, MetricOptions } from './widgets';
export type { Env } from './overview';

/** One dashboard: its CloudWatch name, a human title, and the body exactly as PutDashboard receives it. */
export interface DashboardSpec {
  name: string;
  title: string;
  body: DashboardBody;
}

/** CloudWatch allows 500 widgets per dashboard. */
export const MAX_WIDGETS_PER_DASHBOARD = 500;
/** Apps per overview dashboard: their rows plus the header, alarm and headroom widgets stay under 500. */
export const APPS_PER_OVERVIEW = Math.floor((MAX_WIDGETS_PER_DASHBOARD - 20) / OVERVIEW_ROW_WIDGETS);

/**
 * Every dashboard the config implies, in the order a reader opens them: the overview (split in
 * parts beyond APPS_PER_OVERVIEW apps), one per app, capacity (when sources are configured) and
 * the monitor's health. Pure: the account and region come in as plain strings (the CDK construct
 * passes its stack's, a token that `Stack.toJsonString` resolves; the preview passes any).
 */
export function dashboardBodies(config: ResolvedConfig, env: Env): DashboardSpec[] {
  const apps = appsOf(config);
  const specs: DashboardSpec[] = [];
  const parts = chunk(apps, APPS_PER_OVERVIEW);
  if (parts.length === 0) parts.push([]);
  for (const [i, group] of parts.entries()) {
    const n = i + 1;
    specs.push({
      name: `${config.project}-overview${n > 1 ? `-${n}` : ''}`,
      title: `Overview${parts.length > 1 ? ` (${n}/${parts.length})` : ''}`,
      body: overviewBody(config, env, group, { n, of: parts.length }),
    });
  }
  for (const app of apps) specs.push({ name: `${config.project}-app-${app}`, title: `App: ${app}`, body: perAppBody(config, env, app) });
  if (config.capacity.length > 0) specs.push({ name: `${config.project}-capacity`, title: 'Capacity', body: capacityBody(config) });
  specs.push({ name: `${config.project}-monitor-health`, title: 'Monitor health', body: healthBody(config, stackPrefix(config.project)) });
  return specs;
}
