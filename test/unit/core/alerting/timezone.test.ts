import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, zoneAbbreviation, zonedToUtc } from '../../../../lambdas/core/alerting/timezone';

const utc = (iso: string) => new Date(iso);

describe('time zone text', () => {
  it.each([
    ['Asia/Jakarta', 'WIB', '10:42 WIB'],
    ['Asia/Pontianak', 'WIB', '10:42 WIB'],
    ['Asia/Makassar', 'WITA', '11:42 WITA'],
    ['Asia/Jayapura', 'WIT', '12:42 WIT'],
    ['UTC', 'UTC', '03:42 UTC'],
  ])('%s → %s', (zone, abbreviation, clock) => {
    const at = utc('2026-11-24T03:42:00Z');
    expect(zoneAbbreviation(zone, at)).toBe(abbreviation);
    expect(formatClock(at, zone)).toBe(clock);
  });

  it('adds the date when the time is on another local day', () => {
    expect(formatClock(utc('2026-11-23T16:59:00Z'), 'Asia/Jakarta', utc('2026-11-24T03:00:00Z'))).toBe('23 Nov 23:59 WIB');
    expect(formatClock(utc('2026-11-23T17:00:00Z'), 'Asia/Jakarta', utc('2026-11-24T03:00:00Z'))).toBe('00:00 WIB');
  });

  it('converts local wall-clock times to instants', () => {
    expect(zonedToUtc('2026-11-24 22:00', 'Asia/Jakarta').toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(zonedToUtc('2026-07-01T12:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(Number.isNaN(zonedToUtc('tomorrow', 'Asia/Jakarta').getTime())).toBe(true);
  });

  it.each([
    [40_000, '40 s'],
    [12 * 60_000, '12 min'],
    [65 * 60_000, '1 h 5 min'],
    [120 * 60_000, '2 h'],
    [(26 * 60 + 10) * 60_000, '1 d 2 h'],
  ])('duration %i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
