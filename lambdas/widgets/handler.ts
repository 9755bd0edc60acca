import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { loadBundledConfig } from '../adapters/bundled-config';
import { openIncidentsWidget } from '../app/incidents';
import { awsRoot } from '../roots/aws';

/**
 * The overview's "open incidents" custom widget: wiring only. CloudWatch invokes it with the
 * viewer's credentials each time the dashboard loads or refreshes, passing `widgetContext`
 * (dashboard, time range, size); the list does not depend on any of it. It returns HTML, which
 * CloudWatch draws in the widget. The work is in app/incidents.
 */

/** The part of CloudWatch's custom-widget event read here (nothing yet: the list is "open now"). */
export interface CustomWidgetEvent {
  widgetContext?: { dashboardName?: string; widgetId?: string; timezone?: { label?: string } };
}

const root = awsRoot();

export async function render(_event: CustomWidgetEvent = {}): Promise<string> {
  return openIncidentsWidget(root.incidentReader(), loadBundledConfig(), new Date());
}

export const handler = middy((event: CustomWidgetEvent) => render(event)).use(injectLambdaContext(root.logger, { clearState: true }));
