import type { ResolvedConfig } from '../../lambdas/core/config';
import type { SizedWidget } from './widgets';

/**
 * Custom widgets: CloudWatch invokes a Lambda (`endpoint`, by ARN) and draws the HTML it returns.
 * The function's name is fixed so the body holds no deploy-time token, like the alarm ARNs.
 */

export function openIncidentsFunctionName(config: Pick<ResolvedConfig, 'project'>): string {
  return `${config.project}-open-incidents`;
}

export function lambdaArn(env: { region: string; account: string }, name: string): string {
  return `arn:aws:lambda:${env.region}:${env.account}:function:${name}`;
}

export function customWidget(title: string, endpoint: string, width: number, height: number): SizedWidget {
  // Refresh with the dashboard; the list is "open now", so neither a resize nor the time range changes it.
  return { type: 'custom', width, height, properties: { title, endpoint, updateOn: { refresh: true, resize: false, timeRange: false } } };
}
