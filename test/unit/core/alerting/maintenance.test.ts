import { describe, expect, it } from 'vitest';
import { activeMaintenance, occurrenceAt, weeklyCron, windowCovers } from '../../../../lambdas/core/alerting/maintenance';
import type { MaintenanceWindow } from '../../../../lambdas/core/config';

const win = (partial: Partial<MaintenanceWindow>): MaintenanceWindow => ({
  name: 'w',
  targets: [],
  apps: [],
  timezone: 'Asia/Jakarta',
  ...partial,
});
const utc = (iso: string) => new Date(iso);

describe('maintenance windows', () => {
  const oneOff = win({ name: 'upgrade', start: '2026-11-24T22:00', end: '2026-11-25T01:00' }); // WIB = UTC+7

  it.each([
    ['just before the start', '2026-11-24T14:59:59Z', false],
    ['at the start', '2026-11-24T15:00:00Z', true],
    ['inside, across midnight', '2026-11-24T17:30:00Z', true],
    ['at the end (exclusive)', '2026-11-24T18:00:00Z', false],
  ])('one-off in local WIB time: %s', (_name, at, inside) => {
    expect(occurrenceAt(oneOff, utc(at)) !== null).toBe(inside);
  });

  it('one-off with an explicit offset ignores the zone', () => {
    const w = win({ start: '2026-11-24T10:00:00Z', end: '2026-11-24T11:00:00Z', timezone: 'Asia/Jayapura' });
    expect(occurrenceAt(w, utc('2026-11-24T10:30:00Z'))).toEqual({
      name: 'w',
      start: '2026-11-24T10:00:00.000Z',
      end: '2026-11-24T11:00:00.000Z',
    });
  });

  const sundayNight = win({ name: 'weekly-patch', cron: '0 2 * * 0', durationMs: 2 * 3_600_000 }); // Sun 02:00-04:00 WIB
  it.each([
    ['Sat 18:59:59Z = Sun 01:59:59 WIB', '2026-11-21T18:59:59Z', null],
    ['Sat 19:00Z = Sun 02:00 WIB', '2026-11-21T19:00:00Z', '2026-11-21T19:00:00.000Z'],
    ['Sat 20:59Z = Sun 03:59 WIB', '2026-11-21T20:59:00Z', '2026-11-21T19:00:00.000Z'],
    ['Sat 21:00Z = Sun 04:00 WIB (end)', '2026-11-21T21:00:00Z', null],
    ['a weekday at 02:30 WIB', '2026-11-24T19:30:00Z', null],
  ])('cron window: %s', (_name, at, start) => {
    expect(occurrenceAt(sundayNight, utc(at))?.start ?? null).toBe(start);
  });

  it('weekly weekday+time becomes the equivalent cron', () => {
    expect(weeklyCron(['thu', 'tue'], '22:30')).toBe('30 22 * * 2,4');
    const w = win({ weekdays: ['tue', 'thu'], at: '22:30', durationMs: 3_600_000, timezone: 'Asia/Makassar' }); // WITA = UTC+8
    expect(occurrenceAt(w, utc('2026-11-24T14:45:00Z'))).toMatchObject({ start: '2026-11-24T14:30:00.000Z' }); // Tue 22:45 WITA
    expect(occurrenceAt(w, utc('2026-11-25T14:45:00Z'))).toBeNull(); // Wed
    expect(occurrenceAt(w, utc('2026-11-26T15:29:00Z'))).toMatchObject({ end: '2026-11-26T15:30:00.000Z' }); // Thu 23:29
  });

  it('a cron window in a DST zone follows the local clock', () => {
    const w = win({ cron: '0 3 * * *', durationMs: 3_600_000, timezone: 'Europe/Berlin' });
    expect(occurrenceAt(w, utc('2026-01-15T02:30:00Z'))).not.toBeNull(); // 03:30 CET
    expect(occurrenceAt(w, utc('2026-07-15T01:30:00Z'))).not.toBeNull(); // 03:30 CEST
    expect(occurrenceAt(w, utc('2026-07-15T02:30:00Z'))).toBeNull(); // 04:30 CEST
  });

  it('covers by target id or app; with neither, everything', () => {
    expect(windowCovers(win({ targets: ['sirekap-web'] }), { subject: 'sirekap-web', app: 'sirekap' })).toBe(true);
    expect(windowCovers(win({ targets: ['sirekap-web'] }), { subject: 'sipol', app: 'sipol' })).toBe(false);
    expect(windowCovers(win({ apps: ['PDN-Cikarang'] }), { subject: 'capacity:PDN-Cikarang/cpu', app: 'PDN-Cikarang' })).toBe(true);
    expect(windowCovers(win({}), { subject: 'anything', app: 'x' })).toBe(true);
  });

  it('activeMaintenance picks the first covering window that is open', () => {
    const windows = [
      win({ name: 'other-app', apps: ['sipol'], start: '2026-11-24T00:00', end: '2026-11-25T00:00' }),
      win({ name: 'closed', targets: ['sirekap-web'], start: '2026-11-20T00:00', end: '2026-11-21T00:00' }),
      win({ name: 'open', targets: ['sirekap-web'], start: '2026-11-24T00:00', end: '2026-11-25T00:00' }),
    ];
    expect(activeMaintenance(windows, { subject: 'sirekap-web', app: 'sirekap' }, utc('2026-11-24T05:00:00Z'))?.name).toBe('open');
    expect(activeMaintenance(windows, { subject: 'sirekap-web', app: 'sirekap' }, utc('2026-11-26T05:00:00Z'))).toBeNull();
  });
});
