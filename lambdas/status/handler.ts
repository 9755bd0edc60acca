import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { loadBundledConfig } from '../adapters/bundled-config';
import { runStatusPage, type StatusPageDeps } from '../app/status-page-cycle';
import { awsRoot } from '../roots/aws';

/**
 * Status page Lambda: wiring only. Its schedule invokes it every minute; it renders the public
 * page from the table and writes it to the site bucket. The work is in app/status-page-cycle.
 */

const root = awsRoot();
let deps: StatusPageDeps | undefined;

export interface StatusPageSummary {
  apps: number;
  overall: string;
  files: number;
}

export async function renderStatus(): Promise<StatusPageSummary> {
  deps ??= root.statusPageDeps();
  const report = await runStatusPage(loadBundledConfig(), deps);
  return { apps: report.model.apps.length, overall: report.model.overall, files: report.files };
}

export const handler = middy(() => renderStatus()).use(injectLambdaContext(root.logger, { clearState: true }));
