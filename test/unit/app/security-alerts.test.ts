import { describe, expect, it } from 'vitest';
import { MemoryLog, memoryStore } from '../../../lambdas/adapters/memory';
import { evaluateObservations, type AlertDeps, type SubjectObservation } from '../../../lambdas/app/alert-cycle';
import { securityItems } from '../../../lambdas/app/security-items';
import type { AlertNotifier } from '../../../lambdas/core/alerting/types';
import type { MaintenanceWindow, SecurityAlerting } from '../../../lambdas/core/config';
import type { PatrolVerdict } from '../../../lambdas/core/patrol/finding';
import { smsText, SMS_MAX } from '../../../lambdas/core/alerting/messages';
import type { AlertStore } from '../../../lambdas/ports';
import { makeConfig } from '../../support/config-fixture';
import { DOWN_AFTER_TWO, RecordingNotifier, uptimeItem } from '../../support/alert-fixtures';
import { makeResult } from '../../support/results';

/**
 * Security findings through the one alert engine, on the memory ports: each (target, finding)
 * is a subject, so the failure threshold, exactly-once delivery and maintenance windows apply.
 */

const T0 = Date.parse('2026-11-24T03:00:00.000Z');
const MINUTE = 60_000;
const at = (minute: number) => new Date(T0 + minute * MINUTE).toISOString();

const DEFACED: PatrolVerdict = {
  judged: ['defacement', 'gambling_content', 'injected_link'],
  findings: [
    { finding: 'gambling_content', severity: 'page', evidence: '"slot gacor" in hidden div (body > div#promo)', detail: 'terms: slot gacor, maxwin' },
    { finding: 'gambling_content', severity: 'page', evidence: '"judi online" in <noscript>' },
    { finding: 'missing_security_header', severity: 'digest', evidence: 'no Strict-Transport-Security' },
  ],
};
const CLEAN: PatrolVerdict = { judged: ['defacement', 'gambling_content', 'injected_link'], findings: [] };

const check = (minute: number, patrol: PatrolVerdict | undefined, target = 'kpu-jabar') =>
  makeResult({ target, app: 'kpu-prov', url: `https://${target}.kpu.go.id/`, ts: at(minute), severity: 'critical', ...(patrol ? { patrol } : {}) });

function deps(store: AlertStore, notifier: AlertNotifier, minute: number, over: { maintenance?: MaintenanceWindow[]; storm?: number; security?: SecurityAlerting } = {}): AlertDeps {
  const alerting = makeConfig().alerting;
  return {
    store,
    notifier,
    log: new MemoryLog(),
    alerting: { ...alerting, storm: { threshold: over.storm ?? 0, windowMs: 120_000 }, ...(over.security ? { security: over.security } : {}) },
    maintenance: over.maintenance ?? [],
    regions: ['ap-southeast-3'],
    now: () => new Date(T0 + minute * MINUTE + 500),
  };
}

const itemsOf = (minute: number, patrol: PatrolVerdict | undefined, security?: SecurityAlerting): SubjectObservation[] =>
  securityItems([check(minute, patrol)], () => DOWN_AFTER_TWO, false, security);

async function runScript(script: Array<PatrolVerdict | undefined>, over: Parameters<typeof deps>[3] = {}) {
  const store = memoryStore();
  const notifier = new RecordingNotifier();
  for (const [minute, patrol] of script.entries()) {
    await evaluateObservations(itemsOf(minute, patrol, over.security), deps(store, notifier, minute, over));
  }
  return notifier.published;
}

describe('security alerts through the alert engine', () => {
  it('opens once after the failure threshold and resolves once, with the finding and its evidence', async () => {
    const sent = await runScript([DEFACED, DEFACED, DEFACED, DEFACED, CLEAN, CLEAN]);
    expect(sent.map((e) => [e.kind, e.state, e.target, e.finding])).toEqual([
      ['security', 'open', 'kpu-jabar', 'gambling_content'],
      ['security', 'resolved', 'kpu-jabar', 'gambling_content'],
    ]);
    const [open, resolved] = sent;
    expect(open!.evidence).toBe('"slot gacor" in hidden div (body > div#promo) (+1 more)');
    expect(open!.detail).toContain('"judi online" in <noscript>');
    expect(open!.message).toBe('SECURITY gambling_content kpu-jabar.kpu.go.id: "slot gacor" in hidden div (body > div#promo) (+1 more)');
    expect(open!.body).toContain('Evidence: "slot gacor" in hidden div');
    expect(open!.domain).toBe('security');
    expect(open!.topic).toBe('critical');
    expect(resolved!.message).toMatch(/^SECURITY RESOLVED gambling_content kpu-jabar\.kpu\.go\.id: page clean again after 4 min \(was: "slot gacor"/);
    expect(resolved!.body).toContain('Cleared:  page clean again');
    expect(open!.dedupId).not.toBe(resolved!.dedupId);
  });

  it('a single failing check below the threshold raises nothing', async () => {
    expect(await runScript([DEFACED, CLEAN, DEFACED, CLEAN])).toEqual([]);
  });

  it('a check that did not judge the kind neither resolves nor confirms it', async () => {
    const crawlerOnly: PatrolVerdict = { judged: ['cloaking'], findings: [] };
    const sent = await runScript([DEFACED, crawlerOnly, DEFACED, crawlerOnly, undefined]);
    expect(sent.map((e) => e.state)).toEqual(['open']);
  });

  it('stays silent inside a maintenance window that covers the app', async () => {
    const window: MaintenanceWindow = { name: 'redesign', targets: [], apps: ['kpu-prov'], start: at(0), end: at(10), timezone: 'UTC' };
    expect(await runScript([DEFACED, DEFACED, DEFACED, CLEAN, CLEAN], { maintenance: [window] })).toEqual([]);
  });

  it('a window naming the target by id covers its security subjects too', async () => {
    const window: MaintenanceWindow = { name: 'redesign', targets: ['kpu-jabar'], apps: [], start: at(0), end: at(10), timezone: 'UTC' };
    expect(await runScript([DEFACED, DEFACED, DEFACED], { maintenance: [window] })).toEqual([]);
  });

  it('racing runs on the same observation publish the opening once (dedup by conditional writes)', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    await evaluateObservations(itemsOf(0, DEFACED), deps(store, notifier, 0));
    await Promise.all([1, 1, 1].map((m) => evaluateObservations(itemsOf(m, DEFACED), deps(store, notifier, m))));
    expect(notifier.published.map((e) => e.state)).toEqual(['open']);
  });

  it('goes to alerting.security.topic when set', async () => {
    const sent = await runScript([DEFACED, DEFACED], { security: { topic: 'info', digestTopic: 'info' } });
    expect(sent.map((e) => e.topic)).toEqual(['info']);
  });

  it('is never grouped into an uptime storm: it goes out on its own with its evidence', async () => {
    const store = memoryStore();
    const notifier = new RecordingNotifier();
    for (const minute of [0, 1]) {
      const uptime = ['a', 'b', 'c'].map((t) => uptimeItem(t, at(minute), false, DOWN_AFTER_TWO, { app: 'kpu-prov' }));
      await evaluateObservations([...uptime, ...itemsOf(minute, DEFACED)], deps(store, notifier, minute, { storm: 2 }));
    }
    const security = notifier.published.filter((e) => e.kind === 'security');
    expect(security).toHaveLength(1);
    expect(security[0]!.grouped).toBeUndefined();
    const storm = notifier.published.find((e) => e.grouped);
    expect(storm?.grouped).toHaveLength(3);
  });

  it("the SMS text keeps the matched keyword within one message", async () => {
    const [open] = await runScript([DEFACED, DEFACED]);
    const sms = smsText(open!.message);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX);
    expect(sms).toContain('slot gacor');
  });
});
