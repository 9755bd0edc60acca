import { describe, expect, it } from 'vitest';
import { MemoryLog, memoryStore } from '../../../lambdas/adapters/memory';
import { runSecurityDigest, sendDueDigests, type DigestDeps } from '../../../lambdas/app/security-digest';
import type { PatrolVerdict } from '../../../lambdas/core/patrol/finding';
import { dayOf, DIGEST_MAX_ENTRIES, addFindings, emptyDay } from '../../../lambdas/core/patrol/digest';
import type { AlertStore } from '../../../lambdas/ports';
import { RecordingNotifier } from '../../support/alert-fixtures';
import { makeResult } from '../../support/results';

/** Low-severity findings are collected per day and sent once, as one `security_digest`. */

// 2026-11-24 10:00 WIB; the day in Asia/Jakarta ends at 17:00Z.
const MORNING = Date.parse('2026-11-24T03:00:00.000Z');
const NEXT_DAY = Date.parse('2026-11-25T01:00:00.000Z');

const HEADERS: PatrolVerdict = {
  judged: ['missing_security_header', 'version_leak'],
  findings: [
    { finding: 'missing_security_header', severity: 'digest', evidence: 'no Strict-Transport-Security header' },
    { finding: 'version_leak', severity: 'digest', evidence: 'Server: Apache/2.4.29 (Ubuntu)' },
  ],
};

const result = (target: string, atMs: number, patrol: PatrolVerdict = HEADERS) =>
  makeResult({ target, app: 'kpu-prov', ts: new Date(atMs).toISOString(), patrol });

function deps(store: AlertStore, notifier: RecordingNotifier, atMs: number): DigestDeps {
  return { store, notifier, log: new MemoryLog(), timezone: 'Asia/Jakarta', project: 'pantau', now: () => new Date(atMs) };
}

describe('security digest', () => {
  it('collects a day of findings and sends them once, the next day, in one message', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    await runSecurityDigest([result('kpu-jabar', MORNING), result('kpu-jatim', MORNING)], deps(store, notifier, MORNING));
    await runSecurityDigest([result('kpu-jabar', MORNING + 60_000)], deps(store, notifier, MORNING + 60_000));
    expect(notifier.published).toEqual([]);

    await runSecurityDigest([], deps(store, notifier, NEXT_DAY));
    await runSecurityDigest([], deps(store, notifier, NEXT_DAY + 60_000));
    expect(notifier.published).toHaveLength(1);
    const digest = notifier.published[0]!;
    expect(digest.kind).toBe('security_digest');
    expect(digest.topic).toBe('info');
    expect(digest.dedupId).toBe('security_digest/2026-11-24');
    expect(digest.message).toBe('SECURITY DIGEST 2026-11-24: 4 low-severity findings on 2 targets (missing_security_header 2, version_leak 2)');
    expect(digest.body).toContain('- kpu-jatim (kpu-prov) version_leak: Server: Apache/2.4.29 (Ubuntu)');
  });

  it('a failed publish is released and the next run sends the same digest', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier(1);
    await runSecurityDigest([result('kpu-jabar', MORNING)], deps(store, notifier, MORNING));
    expect(await runSecurityDigest([], deps(store, notifier, NEXT_DAY))).toEqual([]);
    const retried = await runSecurityDigest([], deps(store, notifier, NEXT_DAY + 60_000));
    expect(retried.map((e) => e.dedupId)).toEqual(['security_digest/2026-11-24']);
    expect(notifier.published).toHaveLength(1);
  });

  it('racing runs send the day once', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    await runSecurityDigest([result('kpu-jabar', MORNING)], deps(store, notifier, MORNING));
    await Promise.all([0, 1, 2].map(() => sendDueDigests(deps(store, notifier, NEXT_DAY))));
    expect(notifier.published).toHaveLength(1);
  });

  it('a local run flushing early sends today so far, and a later flush only what came after', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    await runSecurityDigest([result('kpu-jabar', MORNING)], deps(store, notifier, MORNING));
    await sendDueDigests(deps(store, notifier, MORNING), true);
    await runSecurityDigest([result('kpu-jabar', MORNING + 60_000), result('kpu-bali', MORNING + 60_000)], deps(store, notifier, MORNING + 60_000));
    await sendDueDigests(deps(store, notifier, MORNING + 60_000), true);
    expect(notifier.published.map((e) => e.dedupId)).toEqual(['security_digest/2026-11-24', 'security_digest/2026-11-24/1']);
    expect(notifier.published[1]!.message).toContain('2 low-severity findings on 1 target');
  });

  it('keeps a bounded record per day and counts the rest', () => {
    const many = Array.from({ length: DIGEST_MAX_ENTRIES + 3 }, (_, i) => result(`t${i}`, MORNING, { judged: [], findings: [HEADERS.findings[0]!] }));
    const day = addFindings(emptyDay('2026-11-24'), many)!;
    expect(Object.keys(day.entries)).toHaveLength(DIGEST_MAX_ENTRIES);
    expect(day.overflow).toBe(3);
    expect(dayOf(new Date(NEXT_DAY), 'Asia/Jakarta')).toBe('2026-11-25');
  });
});
