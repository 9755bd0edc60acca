import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StormEntry, StormKey, StormWindow } from '../../core/alerting/storm';
import type { DueStormWindow, FlushLease, StormMember, StormWindowInit, StormWindowRecord, StormWindowStore } from '../../ports';
import { isConditionFailure } from './client';
import { STORM_DUE_PK, stormDueKey, stormHeadKey, stormMemberKey, stormWindowKey, type ItemKey } from './keys';
import type { DynamoTable } from './table';

/**
 * Storm windows on the single table. Items, per (topic, app, kind) — keys.ts:
 *   HEAD               the current window {id, start, end}; replaced by a conditional put when it ended
 *   WINDOW#<id>        the member list (entries appended atomically), the member-id set, and the
 *                      flush bookkeeping (closedAt, lease, flushedAt)
 *   MEMBER#<dedupId>   the alert and the window it belongs to (put-if-absent, or moved conditionally)
 * and, in partition STORM#DUE, one entry per window sorted by when its digest is due, so any run
 * finds the ended windows with one Query (`sk < now`).
 *
 * No transactions: every operation is one conditional write on one item.
 */

/** Storm items outlive their window by this much (TTL); a retry later than that starts afresh. */
const STORM_TTL_SECONDS = 7 * 86_400;

const expiresAt = (window: Pick<StormWindow, 'end'>) => Math.floor(Date.parse(window.end) / 1000) + STORM_TTL_SECONDS;
const memberKey = (key: StormKey, dedupId: string) => stormMemberKey(key.topic, key.app, key.kind, dedupId);
const windowKey = (key: StormKey, windowId: string) => stormWindowKey(key.topic, key.app, key.kind, windowId);

/** A STORM#DUE item: names its window's item. */
interface StoredDue {
  windowPk: string;
  windowSk: string;
}

/** What a DueStormWindow's `ref` holds for this store: the due entry and the window item. */
interface DueRef {
  due: ItemKey;
  window: ItemKey;
}

const dueRef = (due: DueStormWindow): DueRef => JSON.parse(due.ref) as DueRef;

export class DynamoStormWindows implements StormWindowStore {
  constructor(private readonly table: DynamoTable) {}

  async currentWindow(key: StormKey): Promise<StormWindow | undefined> {
    const head = await this.table.getItem<StormWindow>(stormHeadKey(key.topic, key.app, key.kind));
    return head ? { id: head.id, start: head.start, end: head.end } : undefined;
  }

  openWindow(key: StormKey, window: StormWindow, replaces: string | null): Promise<boolean> {
    const item = { ...window, type: 'storm-head', expiresAt: expiresAt(window) };
    const match = replaces ? { attribute: 'id', equals: replaces } : ('absent' as const);
    return this.table.putIfMatches(stormHeadKey(key.topic, key.app, key.kind), item, match);
  }

  async members(key: StormKey, dedupIds: string[]): Promise<StormMember[]> {
    return (await this.table.getItems<StormMember>(dedupIds.map((d) => memberKey(key, d)))).map(({ value }) => value);
  }

  async placeMember(key: StormKey, member: StormMember, movingFrom?: string): Promise<boolean> {
    const item = { ...member, type: 'storm-member', expiresAt: expiresAt(member.window) };
    const match = movingFrom ? { attribute: 'windowId', equals: movingFrom } : ('absent' as const);
    return this.table.putIfMatches(memberKey(key, member.event.dedupId), item, match);
  }

  async markDue(key: StormKey, window: StormWindow, dueAtIso: string): Promise<void> {
    const wkey = windowKey(key, window.id);
    await this.table.putItem(stormDueKey(dueAtIso, wkey), { type: 'storm-due', windowPk: wkey.pk, windowSk: wkey.sk });
  }

  async appendMembers(
    key: StormKey,
    window: StormWindowInit,
    entries: StormEntry[],
  ): Promise<{ appended: boolean; window: StormWindowRecord | undefined }> {
    const init = { ...window, topic: key.topic, app: key.app, kind: key.kind, expiresAt: expiresAt(window) };
    const wkey = windowKey(key, window.id);
    // Fields the window is created with; kept as they are by later appends.
    const created = Object.keys(init) as Array<keyof typeof init>;
    const absent = entries.map((_, i) => `NOT contains(#ids, :d${i})`).join(' AND ');
    try {
      const out = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: wkey,
          UpdateExpression:
            'SET #order = list_append(if_not_exists(#order, :empty), :entries), #type = :type, ' +
            created.map((f) => `#${f} = if_not_exists(#${f}, :${f})`).join(', ') +
            ' ADD #ids :idSet, #n :count',
          ConditionExpression: `attribute_not_exists(#closedAt) AND (attribute_not_exists(#ids) OR (${absent}))`,
          ExpressionAttributeNames: {
            ...Object.fromEntries(created.map((f) => [`#${f}`, f])),
            '#order': 'order',
            '#type': 'type',
            '#ids': 'ids',
            '#n': 'n',
            '#closedAt': 'closedAt',
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(created.map((f) => [`:${f}`, init[f]])),
            ':empty': [],
            ':entries': entries,
            ':type': 'storm-window',
            ':idSet': new Set(entries.map((e) => e.d)),
            ':count': entries.length,
            ...Object.fromEntries(entries.map((e, i) => [`:d${i}`, e.d])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { appended: true, window: stormWindowRecord(out.Attributes) };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return { appended: false, window: stormWindowRecord(await this.table.getItem(wkey)) };
    }
  }

  async dueWindows(nowIso: string, limit: number): Promise<DueStormWindow[]> {
    const due = await this.table.queryBelow<StoredDue>(STORM_DUE_PK, nowIso, limit);
    return due.map(({ key, value }) => {
      const ref: DueRef = { due: key, window: { pk: value.windowPk, sk: value.windowSk } };
      return { windowId: value.windowSk.replace(/^WINDOW#/, ''), ref: JSON.stringify(ref) };
    });
  }

  async claimFlush(due: DueStormWindow, lease: FlushLease): Promise<StormWindowRecord | undefined> {
    const updated = await this.conditionalUpdate(dueRef(due).window, {
      UpdateExpression: 'SET #closedAt = if_not_exists(#closedAt, :now), #lease = :lease, #owner = :owner',
      ConditionExpression: 'attribute_not_exists(#flushedAt) AND (attribute_not_exists(#lease) OR #lease <= :now)',
      ExpressionAttributeNames: { '#closedAt': 'closedAt', '#lease': 'flushLease', '#owner': 'flushOwner', '#flushedAt': 'flushedAt' },
      ExpressionAttributeValues: { ':now': lease.nowIso, ':lease': lease.untilIso, ':owner': lease.owner },
      ReturnValues: 'ALL_NEW',
    });
    return updated ? stormWindowRecord(updated) : undefined;
  }

  async isFlushedOrGone(due: DueStormWindow): Promise<boolean> {
    const current = await this.table.getItem<{ flushedAt?: string }>(dueRef(due).window);
    return !current || Boolean(current.flushedAt);
  }

  async finishFlush(due: DueStormWindow, owner: string, nowIso: string): Promise<boolean> {
    const updated = await this.conditionalUpdate(dueRef(due).window, {
      UpdateExpression: 'SET #flushedAt = :now REMOVE #lease',
      ConditionExpression: '#owner = :owner AND attribute_not_exists(#flushedAt)',
      ExpressionAttributeNames: { '#flushedAt': 'flushedAt', '#lease': 'flushLease', '#owner': 'flushOwner' },
      ExpressionAttributeValues: { ':now': nowIso, ':owner': owner },
    });
    return updated !== undefined;
  }

  async releaseFlush(due: DueStormWindow, owner: string, nowIso: string, error: string): Promise<void> {
    await this.conditionalUpdate(dueRef(due).window, {
      UpdateExpression: 'SET #lease = :now, #lastError = :error ADD #attempts :one',
      ConditionExpression: '#owner = :owner AND attribute_not_exists(#flushedAt)',
      ExpressionAttributeNames: {
        '#lease': 'flushLease',
        '#lastError': 'lastError',
        '#attempts': 'flushAttempts',
        '#owner': 'flushOwner',
        '#flushedAt': 'flushedAt',
      },
      ExpressionAttributeValues: { ':now': nowIso, ':error': error.slice(0, 300), ':one': 1, ':owner': owner },
    });
  }

  async forgetDue(due: DueStormWindow): Promise<void> {
    await this.table.deleteItem(dueRef(due).due);
  }

  /** One conditional UpdateItem: the item's new attributes (or {}), undefined when the condition failed. */
  private async conditionalUpdate(
    key: ItemKey,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.table.doc.send(new UpdateCommand({ TableName: this.table.tableName, Key: key, ...update }));
      return out.Attributes ?? {};
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  }
}

function stormWindowRecord(item: Record<string, unknown> | undefined): StormWindowRecord | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _ttl, n: _n, ids, order, ...rest } = item;
  return {
    ...(rest as Omit<StormWindowRecord, 'ids' | 'order'>),
    order: (order as StormEntry[] | undefined) ?? [],
    ids: ids instanceof Set ? [...(ids as Set<string>)] : Array.isArray(ids) ? (ids as string[]) : [],
  };
}
