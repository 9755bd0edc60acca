import { userInfo } from 'node:os';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoIncidentNotes } from '../../../lambdas/adapters/dynamo/incident-notes';
import { DynamoOverrides } from '../../../lambdas/adapters/dynamo/overrides';
import { isLoopbackHost, parseStoreEndpoint } from '../../../lambdas/adapters/store-endpoint';
import { SnsNotifier, topicArnsFromEnv } from '../../../lambdas/adapters/sns-notifier';
import { incidentSubjects } from '../../../lambdas/app/incidents';
import type { AlertNotifier } from '../../../lambdas/core/alerting/types';
import type { ResolvedConfig } from '../../../lambdas/core/config';
import type { IncidentNotes, OverrideStore, SubjectRef } from '../../../lambdas/ports';
import { startLocalRuntime, storeOptionsOf, type LocalRuntime, type StoreFlags } from '../runtime';

/**
 * What every on-call command works on: the store (the embedded one, a --store folder, or the
 * deployed table through --store-endpoint/--table with the operator's credentials), the
 * subjects the config names, and where an announcement goes.
 */
export interface OnCallContext {
  config: ResolvedConfig;
  runtime: LocalRuntime;
  notes: IncidentNotes;
  overrides: OverrideStore;
  /** Every subject whose incidents a listing reads: the targets and each probe region's health. */
  subjects: SubjectRef[];
  /**
   * Where `ack` announces: the console for a local store; for the deployed table SNS when the
   * topic ARNs are in the environment (`TOPIC_ARN_CRITICAL` …), else null (the next probe run
   * sends it from the outbox).
   */
  notifier: AlertNotifier | null;
  /** True on the deployed table (a non-loopback --store-endpoint). */
  deployed: boolean;
}

export type OnCallFlags = Pick<StoreFlags, 'store' | 'storeEndpoint' | 'table'>;

export async function openOnCall(config: ResolvedConfig, flags: OnCallFlags): Promise<OnCallContext> {
  const runtime = await startLocalRuntime(config, storeOptionsOf(flags));
  const deployed = flags.storeEndpoint !== undefined && !isLoopbackHost(parseStoreEndpoint(flags.storeEndpoint).hostname);
  return {
    config,
    runtime,
    notes: new DynamoIncidentNotes(runtime.store),
    overrides: new DynamoOverrides(runtime.store),
    subjects: incidentSubjects(config),
    notifier: deployed ? deployedNotifier(config) : runtime.notifier,
    deployed,
  };
}

function deployedNotifier(config: ResolvedConfig): AlertNotifier | null {
  const arns = topicArnsFromEnv(process.env);
  if (Object.keys(arns).length === 0) return null;
  return new SnsNotifier(new SNSClient({ region: process.env.AWS_REGION ?? config.homeRegion }), arns);
}

/**
 * Who is acting: --by, else $USER, else the OS account name. (The AWS caller's own name would
 * need STS, which Pantau does not ship; an assumed role's session name is usually the person.)
 */
export function actor(by: string | undefined): string {
  if (by?.trim()) return by.trim();
  const session = process.env.AWS_ROLE_SESSION_NAME?.trim();
  return process.env.USER?.trim() || session || userInfo().username;
}
