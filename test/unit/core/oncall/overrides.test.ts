import { describe, expect, it } from 'vitest';
import { activeMaintenance } from '../../../../lambdas/core/alerting/maintenance';
import { isActive, overridesAsWindows, type OnCallOverride } from '../../../../lambdas/core/oncall/overrides';
import { at, rules, simulate } from '../../../support/engine-script';

/**
 * Silences and ad-hoc maintenance windows become maintenance windows for the engine: pages are
 * held inside, the incident is still recorded, a RECOVERED of an outage paged before the silence
 * still goes out (naming the silence), and paging resumes when it ends.
 */

function override(over: Partial<OnCallOverride> = {}): OnCallOverride {
  return {
    id: 'sil-abc123',
    kind: 'silence',
    selector: 'sirekap-web',
    targets: ['sirekap-web'],
    apps: [],
    from: at(2),
    until: at(10),
    reason: 'DNS move',
    by: 'ana',
    createdAt: at(2),
    ...over,
  };
}

const windowsOf = (o: OnCallOverride) => overridesAsWindows([o], () => '10:10 WIB');
const who = { subject: 'sirekap-web', app: 'sirekap' };
const engine = { rules: rules({ failureThreshold: 2, renotifyMinutes: 5 }) };
const during = (o: OnCallOverride) => (minute: number) => activeMaintenance(windowsOf(o), who, new Date(at(minute)));

describe('overrides as maintenance windows', () => {
  it('is active from `from` until just before `until`, and covers only what it names', () => {
    const o = override();
    expect([1, 2, 9, 10].map((m) => isActive(o, new Date(at(m))))).toEqual([false, true, true, false]);
    expect(activeMaintenance(windowsOf(o), who, new Date(at(5)))?.name).toBe('silenced by ana until 10:10 WIB ("DNS move")');
    expect(activeMaintenance(windowsOf(o), { subject: 'other', app: 'sirekap' }, new Date(at(5)))).toBeNull();
    expect(activeMaintenance(windowsOf(override({ targets: [], apps: ['sirekap'] })), { subject: 'other', app: 'sirekap' }, new Date(at(5)))).not.toBeNull();
    // An override that names nothing covers nothing (a config window without targets covers all).
    expect(activeMaintenance(windowsOf(override({ targets: [], apps: [] })), who, new Date(at(5)))).toBeNull();
  });

  it('a DOWN that starts inside a silence is recorded as an incident, not paged; the DOWN comes when it ends', () => {
    const run = simulate({ j: '....xxxxxxxxxxx' }, engine, during(override()));
    expect(run.log).toEqual(['10:down']);
    expect(run.events[0]!.message).toContain('after silenced by ana until 10:10 WIB ("DNS move")');
    expect(run.state!.incident).toMatchObject({ start: at(4), maintenance: 'silenced by ana until 10:10 WIB ("DNS move")' });
  });

  it('an outage that starts and ends inside the silence says nothing at all while it lasts', () => {
    const run = simulate({ j: '...xxx....' }, engine, during(override()));
    expect(run.log).toEqual([]);
    expect(run.state!.lastIncident).toMatchObject({ start: at(3) });
  });

  it('holds the reminders of an outage paged before it, and still says its RECOVERED, naming the silence', () => {
    const run = simulate({ j: 'xxxxxxxxx..........' }, engine, during(override({ from: at(3), until: at(30) })));
    expect(run.log).toEqual(['1:down', '10:recovered']);
    expect(run.events[1]!.message).toMatch(/^RECOVERED Sirekap \(pemilu2024\.kpu\.go\.id\): up again after .*; silenced by ana until 10:10 WIB \("DNS move"\)$/);
    expect(run.events[1]!.body!.split('\n')[0]).toBe(run.events[1]!.message);
  });

  it('an ended silence pages again: expired, it is simply no longer active', () => {
    const run = simulate({ j: '..........xxxxx' }, engine, during(override()));
    expect(run.log).toEqual(['11:down']);
  });

  it('an ad-hoc maintenance window reads like a configured one', () => {
    const o = override({ kind: 'maintenance', id: 'mnt-1', reason: 'switch swap' });
    const run = simulate({ j: '....xxxxxxxxxxx' }, engine, during(o));
    expect(run.log).toEqual(['10:down']);
    expect(run.events[0]!.message).toContain('after maintenance "switch swap (set by ana)"');
  });
});
