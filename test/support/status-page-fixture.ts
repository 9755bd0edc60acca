import { memoryStore, type MemoryStore } from '../../lambdas/adapters/memory';
import { MemoryIncidentNotes } from '../../lambdas/adapters/memory/oncall';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { lastDays } from '../../lambdas/core/status/days';
import type { CheckResult } from '../../lambdas/core/types';
import { targetSubject } from '../../lambdas/ports';
import { parseConfig } from '../../lib/config/load';

/**
 * A status page world: four apps (one hidden), Sirekap down with an open incident carrying a
 * public and a private note, 90 days of daily counts with two bad days, latest results. The
 * URLs are loopback and never contacted: nothing here probes.
 */
export const NOW = new Date('2026-12-02T03:42:00Z'); // 10:42 WIB

export const FIXTURE_YAML = `
apps:
  sirekap: { displayName: Sirekap }
  cekdpt: { displayName: Cek DPT Online }
statusPage:
  title: Status Layanan KPU
  hide: [internal]
alerting:
  timezone: Asia/Jakarta
targets:
  - { id: sirekap-web, app: sirekap, url: "http://127.0.0.1:9/" }
  - { id: sirekap-api, app: sirekap, url: "http://127.0.0.1:9/api" }
  - { id: kpu-www, app: kpu, url: "http://127.0.0.1:9/kpu" }
  - { id: cekdpt, app: cekdpt, url: "http://127.0.0.1:9/cekdpt" }
  - { id: internal-db, app: internal, url: "tcp://127.0.0.1:9" }
`;

export const PUBLIC_NOTE = 'Tim sedang memulihkan server Sirekap; data suara tetap aman.';
export const PRIVATE_NOTE = 'restart db-3 via bastion, ask Budi for the key';

export function fixtureConfig(): ResolvedConfig {
  return parseConfig(FIXTURE_YAML, { shardBudgets: false });
}

const state = (status: 'up' | 'down' | 'degraded', maintenance: unknown = null) => ({ status, maintenance, subject: 'x', since: NOW.toISOString() });

const result = (target: string, app: string, ok: boolean, latencyMs: number): CheckResult =>
  ({ target, app, ok, latencyMs, ts: new Date(NOW.getTime() - 30_000).toISOString(), region: 'ap-southeast-3' }) as unknown as CheckResult;

export async function seededStore(): Promise<MemoryStore> {
  const store = memoryStore();
  const states: Array<[string, ReturnType<typeof state>]> = [
    ['sirekap-web', state('down')],
    ['sirekap-api', state('up')],
    ['kpu-www', state('up')],
    ['cekdpt', state('degraded')],
    ['internal-db', state('down')],
  ];
  for (const [id, value] of states) await store.updateSubject(targetSubject(id), () => ({ value, outcome: null }));
  await store.projectIncident(
    targetSubject('sirekap-web'),
    {
      id: 'sirekap-web@20261202T030200Z',
      status: 'open',
      start: '2026-12-02T03:02:00.000Z',
      end: null,
      durationMs: null,
    },
    1,
  );
  await store.projectIncident(
    targetSubject('kpu-www'),
    { id: 'kpu-www@20261128T010000Z', status: 'closed', start: '2026-11-28T01:00:00.000Z', end: '2026-11-28T01:12:00.000Z', durationMs: 720_000 },
    1,
  );
  await store.projectIncident(
    targetSubject('internal-db'),
    { id: 'internal-db@20261202T030000Z', status: 'open', start: '2026-12-02T03:00:00.000Z', end: null, durationMs: null },
    1,
  );
  const days = lastDays(NOW, 'Asia/Jakarta', 90);
  await store.addDaily(
    ['sirekap', 'kpu', 'cekdpt', 'internal'].flatMap((app) =>
      days.slice(5).map((day) => {
        const bad = app === 'sirekap' && (day === days[80] || day === days[89]);
        return { app, day, good: bad ? 2_700 : 2_880, total: 2_880, latencySumMs: 2_880 * 300, latencyCount: 2_880 };
      }),
    ),
  );
  await store.saveResults([
    result('sirekap-web', 'sirekap', false, 10_000),
    result('sirekap-api', 'sirekap', true, 240),
    result('kpu-www', 'kpu', true, 120),
    result('cekdpt', 'cekdpt', true, 1_900),
    result('internal-db', 'internal', true, 3),
  ]);
  return store;
}

/** Notes as `pantau note` writes them: separate items beside the incident, one public, one not. */
export async function seededNotes(): Promise<MemoryIncidentNotes> {
  const notes = new MemoryIncidentNotes();
  const start = '2026-12-02T03:02:00.000Z';
  await notes.addNote(targetSubject('sirekap-web'), start, { ts: '2026-12-02T03:15:00.000Z', by: 'ayu', text: PUBLIC_NOTE, public: true });
  await notes.addNote(targetSubject('sirekap-web'), start, { ts: '2026-12-02T03:16:00.000Z', by: 'ayu', text: PRIVATE_NOTE, public: false });
  return notes;
}
