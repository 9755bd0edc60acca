import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../lambdas/core/alerting/engine';
import type { AlertState } from '../../../../lambdas/core/alerting/state';
import type { AlertEvent } from '../../../../lambdas/core/alerting/types';
import { acknowledge } from '../../../../lambdas/core/oncall/ack';
import { at, ctx, observation, rules } from '../../../support/engine-script';

/**
 * `pantau ack` at the engine: the ack sits on the open incident in the state, the reminder step
 * sees it, and the announcement is one `acknowledged` alert with a stable dedupId.
 */

const engine = ctx({ rules: rules({ failureThreshold: 2, renotifyMinutes: 5 }) });
const ackCtx = { timezone: 'Asia/Jakarta', routes: engine.routes };

/** Runs a one-region script from `state`, minute by minute from `from`; returns the state and "minute:kind" log. */
function run(script: string, from: number, state?: AlertState): { state: AlertState; log: string[]; events: AlertEvent[] } {
  const log: string[] = [];
  const events: AlertEvent[] = [];
  for (let i = 0; i < script.length; i++) {
    const out = evaluate(state, observation(from + i, 'ap-southeast-3', script[i]!), engine);
    state = out.state;
    for (const e of out.events) {
      log.push(`${from + i}:${e.kind}`);
      events.push(e);
    }
  }
  return { state: state!, log, events };
}

describe('acknowledge', () => {
  it('without an ack, reminders come every 5 minutes while DOWN (the baseline)', () => {
    expect(run('..xxxxxxxxxxxxx', 0).log).toEqual(['3:down', '8:reminder', '13:reminder']);
  });

  it('stops the reminders of the incident it acknowledges; the RECOVERED still comes', () => {
    const before = run('..xxxxxx', 0);
    expect(before.log).toEqual(['3:down']);
    const id = before.state.incident!.id;
    const acked = acknowledge(before.state, id, { by: 'ana', ts: at(8), note: 'ISP called' }, ackCtx);
    if (acked.result !== 'acknowledged') throw new Error(acked.result);
    expect(acked.state.incident!.ack).toEqual({ by: 'ana', ts: at(8), note: 'ISP called' });
    const after = run('xxxxxxxxxxx..', 8, acked.state);
    expect(after.log).toEqual(['20:recovered']);
  });

  it('announces once: one acknowledged alert, on the DOWN\'s topic, with a dedupId per incident', () => {
    const { state } = run('..xxxx', 0);
    const id = state.incident!.id;
    const acked = acknowledge(state, id, { by: 'ana', ts: at(6), note: 'on it' }, ackCtx);
    if (acked.result !== 'acknowledged') throw new Error(acked.result);
    expect(acked.event).toMatchObject({
      kind: 'acknowledged',
      target: 'sirekap-web',
      app: 'sirekap',
      topic: 'critical',
      incidentId: id,
      dedupId: `sirekap-web/acknowledged/${id}`,
      message: 'ACKNOWLEDGED Sirekap (pemilu2024.kpu.go.id) by ana at 10:06 WIB: "on it"',
    });
    expect(acked.event.subject).toBe('ACKNOWLEDGED Sirekap (pemilu2024.kpu.go.id) by ana');
    // A second ack changes nothing and says nothing.
    expect(acknowledge(acked.state, id, { by: 'budi', ts: at(7) }, ackCtx)).toEqual({ result: 'already', ack: { by: 'ana', ts: at(6), note: 'on it' } });
  });

  it('refuses an incident that is not the open one (closed, or another id)', () => {
    const { state } = run('..xxxx..', 0);
    expect(state.incident).toBeNull();
    expect(acknowledge(state, state.lastIncident!.id, { by: 'ana', ts: at(9) }, ackCtx)).toEqual({ result: 'not-open' });
    const down = run('..xxxx', 0).state;
    expect(acknowledge(down, 'sirekap-web@20200101T000000Z', { by: 'ana', ts: at(9) }, ackCtx)).toEqual({ result: 'not-open' });
  });

  it('a new outage after the acknowledged one is paged and reminded as usual', () => {
    const first = run('..xxxx', 0);
    const acked = acknowledge(first.state, first.state.incident!.id, { by: 'ana', ts: at(6) }, ackCtx);
    if (acked.result !== 'acknowledged') throw new Error(acked.result);
    expect(run('...xxxxxxx', 6, acked.state).log).toEqual(['7:recovered', '10:down', '15:reminder']);
  });
});
