import { describe, expect, it } from 'vitest';
import { addPending, claimExpired } from '../../../../lambdas/core/alerting/pending';
import type { AlertRules, FailureRate } from '../../../../lambdas/core/config';
import { rules, simulate } from '../../../support/engine-script';

/**
 * The paging rules on-call staff rely on: quorum over live regions, intermittent failures, a
 * hard outage during flapping, superseded retries.
 * Scripts: one character per minute per region (see test/support/engine-script.ts).
 */

const J = 'ap-southeast-3';
const S = 'ap-southeast-1';
const T = 'ap-northeast-1';
const RATE: FailureRate = { of: 10, atLeast: 5, then: 'down', warnAtLeast: 3 };
const withRate = (over: Partial<AlertRules> = {}) => rules({ failureRate: RATE, ...over });

describe('quorum over live regions', () => {
  it('two regions, one silent: the live one pages alone and the text says who could not confirm', () => {
    // S reported fine, then fell silent; J sees the outage.
    const run = simulate({ [J]: '..xxxxxx', [S]: '..' });
    expect(run.log).toEqual(['5:down']);
    const down = run.events[0]!;
    expect(down.message).toMatch(/: timeout from 1\/2 regions since 10:02 WIB; confirmed by 1 of 2 regions; ap-southeast-1 silent for 4 min$/);
    expect(down.confirmation).toEqual({ by: 1, of: 2, needed: 2, absent: [{ region: S, state: 'silent', forMs: 4 * 60_000 - 1000 }] });
    expect(down.regions).toEqual([J]);
  });

  it('a configured region that never reported is named silent, without a duration', () => {
    const run = simulate({ [J]: 'xxx' }, { regions: [J, S] });
    expect(run.log).toEqual(['2:down']);
    expect(run.events[0]!.message).toContain('; confirmed by 1 of 2 regions; ap-southeast-1 silent');
    expect(run.events[0]!.message).not.toContain('silent for');
  });

  it('both regions live and disagreeing: no page (that is what the quorum is for)', () => {
    expect(simulate({ [J]: 'xxxxxxxx', [S]: '........' }).log).toEqual([]);
  });

  it('three regions, one dead: paged by the two live ones, with no reduced-quorum note', () => {
    const run = simulate({ [J]: 'xxxxx', [S]: 'xxxxx', [T]: '.' });
    expect(run.log).toEqual(['2:down']);
    expect(run.events[0]!.message).toContain('timeout from 2/3 regions since');
    expect(run.events[0]!.confirmation).toBeUndefined();
  });

  it('three regions, two dead: the last one pages, saying both are silent', () => {
    const run = simulate({ [J]: '.xxxxxx', [S]: '.', [T]: '.' });
    // Minute 4: the others last reported at minute 0, past the 3-minute freshness.
    expect(run.log).toEqual(['4:down']);
    expect(run.events[0]!.message).toMatch(/confirmed by 1 of 3 regions; ap-northeast-1 silent for 4 min, ap-southeast-1 silent for 4 min$/);
  });

  it('an impaired region does not hold the quorum: the other pages, naming it impaired', () => {
    const run = simulate({ [J]: 'iiiiii', [S]: 'xxxxxx' });
    expect(run.log).toEqual(['2:down']);
    expect(run.events[0]!.message).toContain('confirmed by 1 of 2 regions; ap-southeast-3 impaired');
  });

  it('a DEGRADED confirmed by fewer regions than the quorum says so too', () => {
    const run = simulate({ [J]: '..ddddd', [S]: '..' });
    expect(run.log).toEqual(['5:degraded']);
    expect(run.events[0]!.message).toContain('; confirmed by 1 of 2 regions; ap-southeast-1 silent for 4 min');
  });

  it('recovers on the live region alone while the other stays silent', () => {
    const run = simulate({ [J]: '..xxxx..', [S]: '..' });
    expect(run.log).toEqual(['5:down', '7:recovered']);
  });
});

describe('intermittent failures (failureRate)', () => {
  it('a target failing every other check pages DOWN within 10 checks, as intermittent (DEGRADED first)', () => {
    const run = simulate({ [J]: 'x.'.repeat(15) }, { rules: withRate() });
    expect(run.log).toEqual(['4:degraded', '8:down']);
    const down = run.events[1]!;
    expect(down.cause).toBe('intermittent');
    expect(down.message).toMatch(/^DOWN Sirekap \(pemilu2024\.kpu\.go\.id\): intermittent from 1\/1 region since/);
    expect(down.body).toContain('intermittent: 5 of the last 9 checks failed (last: timeout: timeout after 5000 ms waiting for headers)');
  });

  it('stays DOWN through the alternation (no recovery and flapping storm), and recovers once the rate drains', () => {
    const run = simulate({ [J]: `${'x.'.repeat(15)}......` }, { rules: withRate({ flapping: { transitions: 6, windowMs: 30 * 60_000 } }) });
    // Passes in a row after 30 minutes of alternating: the failures must fall under half of
    // atLeast (2 of the last 10) before it is over, six checks after the last failure.
    expect(run.log).toEqual(['4:degraded', '8:down', '34:recovered']);
  });

  it('one failure in three degrades (warnAtLeast 3 of 10) but does not page DOWN', () => {
    const run = simulate({ [J]: 'x..'.repeat(10) }, { rules: withRate() });
    expect(run.log).toEqual(['6:degraded']);
    expect(run.events[0]!.message).toMatch(/^DEGRADED Sirekap \(pemilu2024\.kpu\.go\.id\): intermittent: 3 of the last 7 checks failed/);
  });

  it('then: degraded makes even half the checks failing a DEGRADED, not a DOWN', () => {
    const run = simulate({ [J]: 'x.'.repeat(10) }, { rules: withRate({ failureRate: { ...RATE, then: 'degraded' } }) });
    expect(run.log).toEqual(['4:degraded']);
  });

  it('one blip, or two in ten, never alerts', () => {
    expect(simulate({ [J]: '....x.........x.....' }, { rules: withRate() }).log).toEqual([]);
    expect(simulate({ [J]: '..x....x....x.......' }, { rules: withRate() }).log).toEqual([]);
  });

  it('works beside the consecutive rule: a hard outage still pages at failureThreshold', () => {
    expect(simulate({ [J]: '..xxx..' }, { rules: withRate() }).log).toEqual(['4:down', '6:recovered']);
  });

  it('an intermittent outage that turns hard takes the hard cause and recovers on passes alone', () => {
    const run = simulate({ [J]: `${'x.'.repeat(5)}xxxxx..` }, { rules: withRate() });
    expect(run.log).toEqual(['4:degraded', '8:down', '16:recovered']);
    expect(run.state!.lastIncident).toMatchObject({ start: expect.any(String) });
  });

  it('counts per region, so quorum applies: one region\'s intermittent failures do not page while the other sees it fine', () => {
    expect(simulate({ [J]: 'x.'.repeat(10), [S]: '.'.repeat(20) }, { rules: withRate() }).log).toEqual([]);
    expect(simulate({ [J]: 'x.'.repeat(10), [S]: '.x'.repeat(10) }, { rules: withRate() }).log).toEqual(['5:degraded', '9:down']);
  });

  it('a long hard outage does not hold the failure rate after it recovers', () => {
    expect(simulate({ [J]: '.xxxxxxxxxx..........' }, { rules: withRate() }).log).toEqual(['3:down', '12:recovered']);
  });
});

describe('flapping never delays a hard outage', () => {
  const flappy = rules({ failureThreshold: 2, successThreshold: 1, flapping: { transitions: 2, windowMs: 60 * 60_000 } });

  it('a hard outage during flapping pages DOWN after 2 × failureThreshold failures, not a window later', () => {
    const run = simulate({ [J]: 'xx.xx.xx.xxxxxxxxx' }, { rules: flappy });
    // The hard outage begins at minute 9: DOWN at its 4th failure in a row (minute 12).
    expect(run.log).toEqual(['1:down', '2:recovered', '4:flapping', '12:down']);
    expect(run.events[3]!.message).toContain('stopped flapping;');
  });
});

describe('superseded pending alerts', () => {
  const event = (kind: 'down' | 'recovered', dedupId: string) =>
    ({ kind, dedupId, target: 't', app: 'a', severity: 'critical' as const, topic: 'critical' as const, incidentId: null, ts: '', subject: '', message: '', regions: [] });

  it('a DOWN whose lease ran out after a newer transition is dropped, not re-sent', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    const pending = addPending([], [event('down', 'd1')], now, 1000, 1);
    const claim = claimExpired(pending, now + 5000, 1000, 2);
    expect(claim.claimed).toEqual([]);
    expect(claim.superseded.map((e) => e.dedupId)).toEqual(['d1']);
    expect(claim.pending).toEqual([]);
  });

  it('an alert of the current epoch is retried as before', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    const pending = addPending([], [event('down', 'd1')], now, 1000, 2);
    const claim = claimExpired(pending, now + 5000, 1000, 2);
    expect(claim.claimed.map((e) => e.dedupId)).toEqual(['d1']);
    expect(claim.superseded).toEqual([]);
  });

  it('every status transition moves the epoch', () => {
    const run = simulate({ [J]: 'xxx..xxx' });
    expect(run.log).toEqual(['2:down', '4:recovered', '7:down']);
    expect(run.state!.epoch).toBe(3);
  });
});
