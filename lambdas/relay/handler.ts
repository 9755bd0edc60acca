import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { lambdaLog, logger } from '../adapters/logger';
import { relayAlarm, type AlarmRelayDeps, type AlarmRelayReport } from '../app/alarm-relay';
import type { AlarmStateChangeEvent } from '../core/alerting/alarm-observation';
import { relayDepsFromEnv } from './deps';

/**
 * Alarm relay Lambda: wiring only. An EventBridge rule delivers each state change of a Pantau
 * CloudWatch alarm; the work is in app/alarm-relay.
 */

let deps: AlarmRelayDeps | undefined;

export async function relay(event: AlarmStateChangeEvent): Promise<AlarmRelayReport> {
  deps ??= relayDepsFromEnv(process.env, lambdaLog);
  return relayAlarm(event, deps);
}

export const handler = middy((event: AlarmStateChangeEvent) => relay(event)).use(injectLambdaContext(logger, { clearState: true }));
