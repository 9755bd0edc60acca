import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { relayAlarm, type AlarmRelayDeps, type AlarmRelayReport } from '../app/alarm-relay';
import type { AlarmStateChangeEvent } from '../core/alerting/alarm-observation';
import { awsRoot } from '../roots/aws';

/**
 * Alarm relay Lambda: wiring only. An EventBridge rule delivers each state change of a Pantau
 * CloudWatch alarm; the work is in app/alarm-relay.
 */

const root = awsRoot();
let deps: AlarmRelayDeps | undefined;

export async function relay(event: AlarmStateChangeEvent): Promise<AlarmRelayReport> {
  deps ??= root.relayDeps();
  return relayAlarm(event, deps);
}

export const handler = middy((event: AlarmStateChangeEvent) => relay(event)).use(injectLambdaContext(root.logger, { clearState: true }));
