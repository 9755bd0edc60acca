import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../lambdas/core/alerting/engine';
import type { AlertRules } from '../../../../lambdas/core/config';
import type { AlertState } from '../../../../lambdas/core/alerting/state';
import type { AlertEvent } from '../../../../lambdas/core/alerting/types';
import type { ActiveWindow } from '../../../../lambdas/core/alerting/maintenance';
import { at, ctx, observation, rules, simulate } from '../../../support/engine-script';

describe('thresholds (one region)', () => {
  const table: Array<[string, string, Partial<AlertRules>, string[]]> = [
    ['a single blip never alerts', '..x....', {}, []],
    ['two failures stay under the threshold of 3', '..xx...', {}, []],
    ['three consecutive failures go DOWN once', '..xxxxx', {}, ['4:down']],
    ['a broken streak starts over', 'xx.xx.xx.', {}, []],
    ['recovery needs successThreshold passes', 'xxx.x.', {}, ['2:down']],
    ['two passes after DOWN recover', 'xxx..', {}, ['2:down', '4:recovered']],
    ['failureThreshold 1 pages on the first failure', '.x.', { failureThreshold: 1, successThreshold: 1 }, ['1:down', '2:recovered']],
    ['failureThreshold 5', 'xxxxx', { failureThreshold: 5 }, ['4:down']],
    ['successThreshold 3', 'xxx..x...', { successThreshold: 3 }, ['2:down', '8:recovered']],
    ['soft failures go DEGRADED after the threshold', '.ddd..', {}, ['3:degraded', '5:recovered']],
    ['a degraded blip is ignored', '.d.d.', {}, []],
    ['DOWN then passing-but-degraded recovers, then DEGRADED', 'xxxddd', {}, ['2:down', '4:recovered', '5:degraded']],
    ['DEGRADED then DOWN', 'dddxxx', {}, ['2:degraded', '5:down']],
    ['a failure inside DEGRADED keeps it DEGRADED', 'ddd x dd', {}, ['2:degraded']],
  ];
  it.each(table)('%s', (_name, script, over, expected) => {
    expect(simulate({ 'ap-southeast-3': script }, { rules: rules(over) }).log).toEqual(expected);
  });
});

describe('quorum across regions', () => {
  const J = 'ap-southeast-3';
  const S = 'ap-southeast-1';
  const T = 'ap-northeast-1';
  const table: Array<[string, Record<string, string>, Partial<AlertRules>, string[]]> = [
    ['1 region: majority is 1', { [J]: 'xxx' }, {}, ['2:down']],
    ['2 regions: majority is 2, one failing region is not enough', { [J]: 'xxxxx', [S]: '.....' }, {}, []],
    ['2 regions: both failing', { [J]: 'xxxxx', [S]: 'xxxxx' }, {}, ['2:down']],
    ['3 regions: one region alone does not page', { [J]: 'xxxxx', [S]: '.....', [T]: '.....' }, {}, []],
    ['3 regions: 2 of 3 page', { [J]: 'xxxxx', [S]: '..xxx', [T]: '.....' }, {}, ['4:down']],
    ['3 regions: quorum 1 pages from any region', { [J]: 'xxx', [S]: '...', [T]: '...' }, { quorum: 1 }, ['2:down']],
    ['3 regions: quorum 3 needs all', { [J]: 'xxxxx', [S]: 'xxxxx', [T]: '.....' }, { quorum: 3 }, []],
    ['quorum larger than the regions is capped', { [J]: 'xxx' }, { quorum: 3 }, ['2:down']],
    [
      'recovers once fewer than quorum regions are still unconfirmed (S needs 2 passes)',
      { [J]: 'xxxxxxx', [S]: 'xxx....', [T]: '.......' },
      {},
      ['2:down', '4:recovered'],
    ],
    [
      'a stale region does not count (freshness 3 min): the live one alone confirms',
      { [J]: 'xxx-----xxx', [S]: '...--xxxxxx' },
      {},
      ['7:down'],
    ],
    [
      'an impaired region does not count against the target',
      { [J]: 'iiiiii', [S]: 'xxxxxx', [T]: '......' },
      {},
      [],
    ],
    [
      'an impaired observation is not counted while it is the latest, but stays in the streak',
      { [J]: 'xxixxx', [S]: 'xxxxxx', [T]: '......' },
      {},
      ['3:down'],
    ],
  ];
  it.each(table)('%s', (_name, scripts, over, expected) => {
    expect(simulate(scripts, { rules: rules(over) }).log).toEqual(expected);
  });

  it('measures the downtime to when the recovering region came back, not a region that passed all along', () => {
    const run = simulate({ [J]: 'xxxxxxx', [S]: 'xxx....', [T]: '.......' });
    expect(run.events[1]).toMatchObject({ kind: 'recovered', downtimeMs: 3 * 60_000 + 1000, regions: [T, S].sort() });
    expect(run.state!.since).toBe(at(3, 1));
  });

  it('stays DOWN while every region is stale: no recovery without evidence', () => {
    const run = simulate({ [J]: 'xxx------' });
    expect(run.log).toEqual(['2:down']);
    expect(run.state!.status).toBe('down');
  });
});

describe('reminders', () => {
  it.each([
    [2, 'xxxxxxxxx', ['2:down', '4:reminder', '6:reminder', '8:reminder']],
    [3, 'xxxxxxxxx', ['2:down', '5:reminder', '8:reminder']],
    [0, 'xxxxxxxxx', ['2:down']],
  ])('renotifyMinutes %i', (renotifyMinutes, script, expected) => {
    const run = simulate({ J: script }, { rules: rules({ renotifyMinutes }) });
    expect(run.log).toEqual(expected);
    const reminders = run.events.filter((e) => e.kind === 'reminder');
    expect(new Set(reminders.map((e) => e.dedupId)).size).toBe(reminders.length);
    for (const r of reminders) expect(r.incidentId).toBe(run.events[0]!.incidentId);
  });

  it('stop once recovered, and a new outage starts a new count', () => {
    const run = simulate({ J: 'xxxxx..xxxxx' }, { rules: rules({ renotifyMinutes: 2 }) });
    expect(run.log).toEqual(['2:down', '4:reminder', '6:recovered', '9:down', '11:reminder']);
    expect(run.events[4]!.incidentId).toBe(run.events[3]!.incidentId);
    expect(run.events[3]!.incidentId).not.toBe(run.events[0]!.incidentId);
  });

  it('reads "STILL DOWN … for 4 min (since 10:00 WIB)"', () => {
    const run = simulate({ J: 'xxxxxxx' }, { rules: rules({ renotifyMinutes: 4 }) });
    expect(run.events[1]!.message).toBe('STILL DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 1/1 region for 6 min (since 10:00 WIB)');
  });
});

describe('flapping', () => {
  const flappy = rules({ failureThreshold: 1, successThreshold: 1, flapping: { transitions: 2, windowMs: 5 * 60_000 } });

  it('more than N transitions in the window → one FLAPPING alert, then quiet, then one "stable" message', () => {
    const run = simulate({ J: 'x.x.x.x.........' }, { rules: flappy });
    expect(run.log).toEqual(['0:down', '1:recovered', '2:flapping', '11:recovered']);
    expect(run.events[2]!.message).toBe(
      'FLAPPING Sirekap (pemilu2024.kpu.go.id): 3 state changes in 5 min, now DOWN; alerts paused until stable',
    );
    expect(run.events[3]!.message).toContain('stopped flapping; up since');
  });

  it('settling DOWN after flapping says DOWN once, then reminds as usual', () => {
    const run = simulate({ J: 'x.x.xxxxxxxxxxxx' }, { rules: { ...flappy, renotifyMinutes: 3 } });
    // A hard outage (2 × failureThreshold in a row) ends flapping at once: no flapping-window delay.
    expect(run.log).toEqual(['0:down', '1:recovered', '2:flapping', '5:down', '8:reminder', '11:reminder', '14:reminder']);
    expect(run.events[3]!.message).toMatch(/^DOWN Sirekap \(pemilu2024\.kpu\.go\.id\): stopped flapping; timeout from 1\/1 region since 10:04 WIB$/);
  });

  it('is off with transitions 0', () => {
    const run = simulate({ J: 'x.x.x.x.' }, { rules: { ...flappy, flapping: { transitions: 0, windowMs: 60_000 } } });
    expect(run.log).toEqual(['0:down', '1:recovered', '2:down', '3:recovered', '4:down', '5:recovered', '6:down', '7:recovered']);
  });
});

describe('maintenance windows', () => {
  const window = (from: number, to: number) => (minute: number): ActiveWindow | null =>
    minute >= from && minute < to ? { name: 'db-upgrade', start: at(from), end: at(to) } : null;

  it('no page inside; state still records; the first message after says what changed', () => {
    const run = simulate({ J: '..xxxxxxxxx' }, {}, window(1, 8));
    expect(run.log).toEqual(['8:down']);
    const down = run.events[0]!;
    expect(down.message).toBe(
      'DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 1/1 region since 10:02 WIB; after maintenance "db-upgrade"',
    );
    expect(down.body).toContain('during maintenance "db-upgrade": DOWN at 10:04 WIB');
    expect(run.state!.incident!.maintenance).toBe('db-upgrade');
  });

  it('an outage that begins and ends inside the window pages nobody; the next message carries a note', () => {
    const run = simulate({ J: '.xxx..........xxx' }, {}, window(0, 10));
    expect(run.log).toEqual(['16:down']);
    expect(run.state!.lastIncident).toMatchObject({ start: at(1), end: at(4), durationMs: 180_000 });
    expect(run.events[0]!.body).toContain('Note:     during maintenance "db-upgrade": DOWN at 10:03 WIB, UP at 10:05 WIB');
  });

  it('down before the window and recovered inside it: one recovery after, with the downtime', () => {
    const run = simulate({ J: 'xxxx..........' }, {}, window(4, 10));
    expect(run.log).toEqual(['2:down', '10:recovered']);
    expect(run.events[1]!.message).toMatch(/^RECOVERED Sirekap \(pemilu2024\.kpu\.go\.id\): up again after 4 min down \(since 10:00 WIB\), incident sirekap-web@20261124T030000Z; after maintenance "db-upgrade"$/);
    expect(run.events[1]!.downtimeMs).toBe(4 * 60_000);
  });

  it('silences reminders inside the window and resumes after', () => {
    const run = simulate({ J: 'xxxxxxxxxxxx' }, { rules: rules({ renotifyMinutes: 2 }) }, window(3, 9));
    expect(run.log).toEqual(['2:down', '9:reminder', '11:reminder']);
  });

  it('nothing to say after a quiet window', () => {
    expect(simulate({ J: '..........' }, {}, window(2, 6)).log).toEqual([]);
  });
});

describe('messages', () => {
  it('first line: verdict, app, host, cause, regions, since (WIB)', () => {
    const run = simulate(
      { 'ap-southeast-3': '-xxxx', 'ap-southeast-1': 'xxxxx', 'ap-northeast-1': '.....' },
      {},
    );
    const down = run.events[0]!;
    expect(down.message).toBe('DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:00 WIB');
    expect(down.subject).toBe('[Pantau] DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:00 WIB');
    expect(down).toMatchObject({
      kind: 'down',
      target: 'sirekap-web',
      app: 'sirekap',
      severity: 'critical',
      topic: 'critical',
      regions: ['ap-southeast-1', 'ap-southeast-3'],
      incidentId: 'sirekap-web@20261124T030001Z', // the first failure: ap-southeast-1, minute 0 (+1 s)
      cause: 'timeout',
    });
    expect(down.body).toContain('ap-northeast-1   ok');
    expect(down.body).toContain('ap-southeast-1   FAIL     timeout: timeout after 5000 ms waiting for headers');
  });

  it('recovery always carries the downtime and the incident id', () => {
    const run = simulate({ J: '.xxxx..' });
    const rec = run.events[1]!;
    expect(rec.message).toBe(
      'RECOVERED Sirekap (pemilu2024.kpu.go.id): up again after 4 min down (since 10:01 WIB), incident sirekap-web@20261124T030100Z',
    );
    expect(rec).toMatchObject({ kind: 'recovered', downtimeMs: 240_000, incidentId: run.events[0]!.incidentId });
  });

  it('uses the alerting time zone: WITA for Asia/Makassar, WIT for Asia/Jayapura', () => {
    expect(simulate({ J: 'xxx' }, { timezone: 'Asia/Makassar' }).events[0]!.message).toMatch(/since 11:00 WITA$/);
    expect(simulate({ J: 'xxx' }, { timezone: 'Asia/Jayapura' }).events[0]!.message).toMatch(/since 12:00 WIT$/);
  });

  it('routes by severity to the configured topic', () => {
    const run = simulate({ J: 'xxx' }, { routes: { critical: 'warning', high: 'warning', low: 'info' } });
    expect(run.events[0]!.topic).toBe('warning');
  });

  it('keeps the SNS subject ASCII and under 100 characters for long names', () => {
    let state: AlertState | undefined;
    const long = 'very-long-regional-subdomain-name-for-a-provincial-election-commission-site.kpu.go.id';
    const events: AlertEvent[] = [];
    for (let m = 0; m < 3; m++) {
      const out = evaluate(state, { ...observation(m, 'J', 'x'), label: long, reason: 'tímeout — “quoted”' }, ctx());
      state = out.state;
      events.push(...out.events);
    }
    const subject = events[0]!.subject;
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('words capacity alerts as CRITICAL / OK with the reason', () => {
    let state: AlertState | undefined;
    const events: AlertEvent[] = [];
    const steps: Array<[boolean, string]> = [
      [false, 'storage on PDN-Cikarang/sirekap-db 93% used (critical 90%)'],
      [false, 'storage on PDN-Cikarang/sirekap-db 93% used (critical 90%)'],
      [true, 'storage on PDN-Cikarang/sirekap-db 70% used'],
    ];
    steps.forEach(([ok, reason], m) => {
      const out = evaluate(
        state,
        {
          subject: 'capacity:PDN-Cikarang/filesystem:/data',
          domain: 'capacity',
          app: 'PDN-Cikarang',
          severity: 'high',
          ok,
          degraded: false,
          error: ok ? null : 'critical',
          reason,
          region: 'ap-southeast-3',
          ts: at(m),
        },
        ctx({ rules: rules({ failureThreshold: 2, successThreshold: 1 }) }),
      );
      state = out.state;
      events.push(...out.events);
    });
    expect(events.map((e) => e.message)).toEqual([
      'CRITICAL PDN-Cikarang/filesystem:/data: storage on PDN-Cikarang/sirekap-db 93% used (critical 90%) since 10:00 WIB',
      'OK PDN-Cikarang/filesystem:/data: back below critical after 2 min down (since 10:00 WIB), incident capacity:PDN-Cikarang/filesystem:/data@20261124T030000Z',
    ]);
    expect(events[0]!.topic).toBe('warning');
  });
});

describe('state and incidents', () => {
  it('ignores an observation older than its region already has (a late duplicate run)', () => {
    const first = evaluate(undefined, observation(5, 'J', 'x'), ctx());
    const late = evaluate(first.state, observation(4, 'J', '.'), ctx());
    expect(late.applied).toBe(false);
    expect(late.state).toEqual(first.state);
    const same = evaluate(first.state, observation(5, 'J', 'x'), ctx());
    expect(same.applied).toBe(false);
  });

  it('opens an incident at DOWN and closes it with end and duration', () => {
    let state: AlertState | undefined;
    const incidents = [];
    for (const [m, c] of [...'.xxxx...'].entries()) {
      const out = evaluate(state, observation(m, 'J', c), ctx({ rules: rules({ renotifyMinutes: 1 }) }));
      state = out.state;
      if (out.incident) incidents.push({ minute: m, ...out.incident });
    }
    // down at 3, reminders at 4 and 5 (one pass is not a recovery yet), recovered at 6
    expect(incidents.map((i) => [i.minute, i.status, i.alertsSent])).toEqual([
      [3, 'open', 1],
      [4, 'open', 2],
      [5, 'open', 3],
      [6, 'closed', 4],
    ]);
    expect(incidents[3]).toMatchObject({
      id: 'sirekap-web@20261124T030100Z',
      start: at(1),
      end: at(5),
      durationMs: 240_000,
      cause: 'timeout',
      regions: ['J'],
      maintenance: null,
    });
  });

  it('every decided alert has a deterministic dedupId', () => {
    const a = simulate({ J: 'xxx..' });
    const b = simulate({ J: 'xxx..' });
    expect(a.events.map((e) => e.dedupId)).toEqual(b.events.map((e) => e.dedupId));
    expect(a.events[0]!.dedupId).toBe(`sirekap-web/down/${at(2)}`);
  });
});
