import { stormKeyId, type StormEntry, type StormKey, type StormWindow } from '../../core/alerting/storm';
import type { DueStormWindow, FlushLease, StormMember, StormWindowInit, StormWindowRecord, StormWindowStore } from '../../ports';

/**
 * Storm windows in memory, with the DynamoDB adapter's semantics: appends are atomic and
 * refused once a window closed or when an entry is already a member; a flush is leased to one
 * owner until the lease ends; due windows come back earliest first. Each call completes before
 * it yields, as each DynamoDB call is one atomic conditional write.
 */
export class MemoryStormWindows implements StormWindowStore {
  private readonly heads = new Map<string, StormWindow>();
  private readonly windows = new Map<string, StormWindowRecord>();
  private readonly memberships = new Map<string, StormMember>();
  /** Due entries by `<due ISO>\0<window>`: string order is due order. */
  private readonly due = new Map<string, { dueAt: string; windowId: string }>();

  async currentWindow(key: StormKey): Promise<StormWindow | undefined> {
    const head = this.heads.get(stormKeyId(key));
    return head ? { ...head } : undefined;
  }

  async openWindow(key: StormKey, window: StormWindow, replaces: string | null): Promise<boolean> {
    const current = this.heads.get(stormKeyId(key));
    if (replaces ? current?.id !== replaces : current !== undefined) return false;
    this.heads.set(stormKeyId(key), { id: window.id, start: window.start, end: window.end });
    return true;
  }

  async members(key: StormKey, dedupIds: string[]): Promise<StormMember[]> {
    const found = [...new Set(dedupIds)].map((d) => this.memberships.get(memberId(key, d)));
    return found.filter((m): m is StormMember => m !== undefined).map((m) => structuredClone(m));
  }

  async placeMember(key: StormKey, member: StormMember, movingFrom?: string): Promise<boolean> {
    const id = memberId(key, member.event.dedupId);
    const current = this.memberships.get(id);
    if (movingFrom ? current?.windowId !== movingFrom : current !== undefined) return false;
    this.memberships.set(id, structuredClone(member));
    return true;
  }

  async markDue(key: StormKey, window: StormWindow, dueAtIso: string): Promise<void> {
    this.due.set(`${dueAtIso}\u0000${windowId(key, window.id)}`, { dueAt: dueAtIso, windowId: window.id });
  }

  async appendMembers(
    key: StormKey,
    window: StormWindowInit,
    entries: StormEntry[],
  ): Promise<{ appended: boolean; window: StormWindowRecord | undefined }> {
    const id = windowId(key, window.id);
    const current = this.windows.get(id);
    if (current && (current.closedAt || entries.some((e) => current.ids.includes(e.d)))) {
      return { appended: false, window: structuredClone(current) };
    }
    const record: StormWindowRecord = current ?? { ...window, topic: key.topic, app: key.app, kind: key.kind, order: [], ids: [] };
    record.order.push(...structuredClone(entries));
    record.ids.push(...entries.map((e) => e.d).filter((d) => !record.ids.includes(d)));
    this.windows.set(id, record);
    return { appended: true, window: structuredClone(record) };
  }

  async dueWindows(nowIso: string, limit: number): Promise<DueStormWindow[]> {
    return [...this.due.entries()]
      .filter(([, entry]) => entry.dueAt < nowIso)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([ref, entry]) => ({ windowId: entry.windowId, ref }));
  }

  async claimFlush(due: DueStormWindow, lease: FlushLease): Promise<StormWindowRecord | undefined> {
    const id = this.windowOf(due);
    // Like DynamoDB's update of a missing item: a closed, empty window, so no append slips in later.
    const window = this.windows.get(id) ?? ({ order: [], ids: [] } as unknown as StormWindowRecord);
    if (window.flushedAt || (window.flushLease && window.flushLease > lease.nowIso)) return undefined;
    window.closedAt ??= lease.nowIso;
    window.flushLease = lease.untilIso;
    window.flushOwner = lease.owner;
    this.windows.set(id, window);
    return structuredClone(window);
  }

  async isFlushedOrGone(due: DueStormWindow): Promise<boolean> {
    const window = this.windows.get(this.windowOf(due));
    return !window || Boolean(window.flushedAt);
  }

  async finishFlush(due: DueStormWindow, owner: string, nowIso: string): Promise<boolean> {
    const window = this.windows.get(this.windowOf(due));
    if (!window || window.flushOwner !== owner || window.flushedAt) return false;
    window.flushedAt = nowIso;
    delete window.flushLease;
    return true;
  }

  async releaseFlush(due: DueStormWindow, owner: string, nowIso: string, error: string): Promise<void> {
    const window = this.windows.get(this.windowOf(due));
    if (!window || window.flushOwner !== owner || window.flushedAt) return;
    window.flushLease = nowIso;
    window.lastError = error.slice(0, 300);
    window.flushAttempts = (window.flushAttempts ?? 0) + 1;
  }

  async forgetDue(due: DueStormWindow): Promise<void> {
    this.due.delete(due.ref);
  }

  private windowOf(due: DueStormWindow): string {
    return due.ref.slice(due.ref.indexOf('\u0000') + 1);
  }
}

const windowId = (key: StormKey, id: string) => `${stormKeyId(key)}\u0000${id}`;
const memberId = (key: StormKey, dedupId: string) => `${stormKeyId(key)}\u0000${dedupId}`;
