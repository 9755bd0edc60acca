import { describe, expect, it } from 'vitest';
import { maintenanceStep } from '../../../../../lambdas/core/alerting/steps/maintenance';
import { applyTransition } from '../../../../../lambdas/core/alerting/steps/transition';
import type { MaintenanceRecord, OpenIncident } from '../../../../../lambdas/core/alerting/state';
import { J, alertState, at, failingRegion, observation, regionState, turnFor } from '../../../../support/engine-script';

/** Silent inside a window; after it, one message if the status moved, else a note. */

const WINDOW = { name: 'db', start: at(0), end: at(30) };
const OPEN: OpenIncident = { id: 'sirekap-web@20261124T030100Z', start: at(1), cause: 'timeout', regions: [J], alertsSent: 0, maintenance: 'db' };

describe('maintenanceStep inside a window', () => {
  it('owns the observation, says nothing and records the change with the status the window began with', () => {
    const turn = turnFor(alertState({ regions: { [J]: failingRegion(2, 1, 2) } }), observation(3, J, 'x'), { maintenance: WINDOW });
    applyTransition(turn);
    expect(maintenanceStep(turn)).toBe(true);
    expect(turn.events).toEqual([]);
    expect(turn.state.maintenance).toEqual({ window: 'db', startedAt: at(3), statusAtStart: 'up', changes: [{ to: 'down', ts: at(3) }] });
  });

  it('keeps the record it has when nothing changes', () => {
    const record: MaintenanceRecord = { window: 'db', startedAt: at(0), statusAtStart: 'up', changes: [] };
    const turn = turnFor(alertState({ maintenance: record, regions: { [J]: regionState() } }), observation(1, J, '.'), { maintenance: WINDOW });
    expect(maintenanceStep(turn)).toBe(true);
    expect(turn.state.maintenance).toBe(record);
  });
});

describe('maintenanceStep after a window', () => {
  it('with no window before or now, it leaves the observation to the next step', () => {
    const turn = turnFor(alertState({ regions: { [J]: regionState() } }), observation(1, J, '.'));
    expect(maintenanceStep(turn)).toBe(false);
    expect(turn.events).toEqual([]);
  });

  it('a status that moved during the window is said once, with what the window saw', () => {
    const previous = alertState({
      status: 'down',
      since: at(1),
      incident: OPEN,
      maintenance: { window: 'db', startedAt: at(0), statusAtStart: 'up', changes: [{ to: 'down', ts: at(3) }] },
      regions: { [J]: failingRegion(30, 1, 30) },
    });
    const turn = turnFor(previous, observation(31, J, 'x'));
    expect(maintenanceStep(turn)).toBe(true);
    expect(turn.state.maintenance).toBeNull();
    expect(turn.events.map((e) => e.kind)).toEqual(['down']);
    expect(turn.events[0]!.message).toBe('DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 1/1 region since 10:01 WIB; after maintenance "db"');
    expect(turn.events[0]!.body).toContain('Maintenance: during maintenance "db": DOWN at 10:03 WIB');
    // The page starts the reminder clock and counts for the incident.
    expect(turn.state.lastAlertAt).toBe(at(31));
    expect(turn.state.incident?.alertsSent).toBe(1);
  });

  it('an outage that began before and ended inside the window is reported with its downtime', () => {
    const closed = { id: 'sirekap-web@20261124T030000Z', start: at(0), end: at(8), durationMs: 8 * 60_000 };
    const previous = alertState({
      lastIncident: closed,
      maintenance: { window: 'db', startedAt: at(5), statusAtStart: 'down', changes: [{ to: 'up', ts: at(8) }] },
      regions: { [J]: regionState({ ts: at(11) }) },
    });
    const turn = turnFor(previous, observation(12, J, '.'));
    expect(maintenanceStep(turn)).toBe(true);
    expect(turn.events).toHaveLength(1);
    expect(turn.events[0]).toMatchObject({ kind: 'recovered', downtimeMs: 8 * 60_000, incidentId: closed.id });
  });

  it('back where it started: no message, only a note for the next one, and the later steps still run', () => {
    const previous = alertState({
      maintenance: { window: 'db', startedAt: at(0), statusAtStart: 'up', changes: [{ to: 'down', ts: at(1) }, { to: 'up', ts: at(3) }] },
      regions: { [J]: regionState({ ts: at(29) }) },
    });
    const turn = turnFor(previous, observation(30, J, '.'));
    expect(maintenanceStep(turn)).toBe(false);
    expect(turn.events).toEqual([]);
    expect(turn.state.maintenance).toBeNull();
    expect(turn.state.note).toBe('during maintenance "db": DOWN at 10:01 WIB, UP at 10:03 WIB');
  });

  it('a quiet window leaves no note', () => {
    const previous = alertState({ maintenance: { window: 'db', startedAt: at(0), statusAtStart: 'up', changes: [] }, regions: { [J]: regionState({ ts: at(29) }) } });
    const turn = turnFor(previous, observation(30, J, '.'));
    expect(maintenanceStep(turn)).toBe(false);
    expect(turn.state.note).toBeNull();
  });
});
