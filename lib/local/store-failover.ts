import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore, createDocumentClient } from '../../lambdas/adapters/dynamo-store';
import { isStoreIoError, openLocalDynamo, type LocalDynamo } from '../../lambdas/adapters/local-dynamo';
import type { ProbeCycleReport } from '../../lambdas/app/probe-cycle';

/**
 * `watch` on a store that stops taking writes mid-run (the disk under `--store` fills up, the
 * `--store-endpoint` goes away): monitoring must go on and alerts must still reach the console.
 * A failing store cannot hold the alert state, and without state the engine decides nothing, so
 * the watcher moves its state into an embedded in-memory store: what the old store still lets
 * us read (within a few seconds) is carried over, so an outage already open is not announced a
 * second time; if it cannot be read, the state starts afresh and the warning says what that
 * means. The old store is left as it was: nothing in it is changed or lost.
 */

/** The most a failover may spend reading the failing store before starting afresh. */
export const CARRY_OVER_BUDGET_MS = 5_000;

/** A LevelDB write failure dynalite threw out of its callbacks (set by the CLI's last-resort handler). */
let ioFailure: string | null = null;

/** Called by the CLI entry point when dynalite throws a LevelDB failure out of a callback. */
export function noteStoreIoFailure(err: unknown): boolean {
  if (!isStoreIoError(err)) return false;
  ioFailure ??= err instanceof Error ? err.message : String(err);
  return true;
}

/**
 * Whether this cycle shows a store that cannot be written: a LevelDB failure, the history sink
 * failing, or the state sink failing for a reason other than a refused alert publish (that is
 * the notifier's failure, retried on its own).
 */
export function storeFailureOf(report: Pick<ProbeCycleReport, 'sinkErrors' | 'failedAlerts'>): string | null {
  if (ioFailure) return ioFailure;
  const history = report.sinkErrors.find((e) => e.sink === 'history');
  if (history) return history.message;
  const state = report.sinkErrors.find((e) => e.sink === 'state');
  if (state && report.failedAlerts.length === 0) return state.message;
  return null;
}

export interface Failover {
  store: DynamoStore;
  dynamo: LocalDynamo;
  /** Items carried over from the failing store; null when it could not be read. */
  carried: number | null;
}

/** Copies every item of `table` (state, incidents, storm windows, recent history), or throws. */
async function copyTable(from: DynamoDBClient, to: DynamoDBDocumentClient, table: string, deadline: number): Promise<number> {
  const source = createDocumentClient(from);
  let copied = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const abortSignal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
    const page = await source.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }), { abortSignal });
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      let unprocessed: typeof batch | undefined = batch;
      while (unprocessed && unprocessed.length > 0) {
        const out = await to.send(new BatchWriteCommand({ RequestItems: { [table]: unprocessed } }));
        unprocessed = out.UnprocessedItems?.[table] as typeof batch | undefined;
      }
    }
    copied += items.length;
    start = page.LastEvaluatedKey;
    if (Date.now() > deadline) throw new Error('carry-over took too long');
  } while (start);
  return copied;
}

/** Opens the in-memory store and carries over what the failing one still lets us read. */
export async function failOver(
  failing: { client: DynamoDBClient },
  table: string,
  historyDays: number,
  budgetMs = CARRY_OVER_BUDGET_MS,
): Promise<Failover> {
  const dynamo = await openLocalDynamo(table);
  const doc = createDocumentClient(dynamo.client);
  let carried: number | null;
  try {
    carried = await copyTable(failing.client, doc, table, Date.now() + budgetMs);
  } catch {
    carried = null;
  }
  return { store: new DynamoStore(doc, { tableName: table, historyDays }), dynamo, carried };
}

/** The one warning a failover prints. */
export function failoverWarning(where: string, cause: string, carried: number | null): string {
  const state =
    carried === null
      ? 'its alert state could not be read, so state starts afresh: an outage already open may be announced again'
      : `alert state carried over (${carried} item${carried === 1 ? '' : 's'})`;
  return (
    `warning: store ${where} cannot be written (${cause.split('\n')[0]}) — monitoring goes on with alert state in memory; ` +
    `${state}; alerts still print here; nothing more is saved to it until pantau restarts (free space or restore it first)\n`
  );
}

/** Closes a store that may no longer answer, without waiting on it for more than `ms`. */
export async function closeWithin(close: () => Promise<void>, ms = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([close().catch(() => {}), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
