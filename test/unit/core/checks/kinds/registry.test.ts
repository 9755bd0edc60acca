import { describe, expect, it } from 'vitest';
import { CheckFailure } from '../../../../../lambdas/core/checks/classify';
import type { CheckKindDescriptor } from '../../../../../lambdas/core/checks/kinds/descriptor';
import {
  CHECK_KINDS,
  descriptorFor,
  kindOf,
  reportsCertificate,
  usualPortOf,
  type CheckKindRegistry,
} from '../../../../../lambdas/core/checks/kinds/registry';
import { runCheck, runChecks } from '../../../../../lambdas/core/probe';
import type { CheckKind, TargetSpec } from '../../../../../lambdas/core/types';
import { customMetricCount, targetMetricNames } from '../../../../../lib/config/metric-count';
import { Problems, formatPath } from '../../../../../lib/config/problems';
import { parseTargetUrl } from '../../../../../lib/config/target-url';
import { resolveTargets } from '../../../../../lib/config/targets';
import { makeConfig } from '../../../../support/config-fixture';

/**
 * A kind that exists only in this test: `fake://name` answers with fixed facts and a fixed
 * connect time. Registering it is one entry in a registry copy — nothing else in the loader, the
 * engine or the metric count knows about it, so if any of them still decided by kind on its own,
 * these tests would fail.
 */
const fakeKind: CheckKindDescriptor = {
  schemes: { fake: 7 },
  label: 'fake://',
  parseUrl(url, written) {
    if (url.pathname !== '' && url.pathname !== '/') return { ok: false, problem: `${written} has a path — write fake://name` };
    return url.hostname ? { ok: true, host: url.hostname, settings: { dnsType: 'AAAA' } } : { ok: false };
  },
  configFields: ['tls'],
  expectFields: ['values', 'maxLatencyMs'],
  reportsCertificate: () => false,
  metricNames: () => ['ConnectMs'],
  async run(target, input, ctx) {
    ctx.phases.add('connect', 3);
    return { answers: [`answer-of-${new URL(target.url).hostname}`, ...Object.keys(input.secretHeaders)] };
  },
};

const WITH_FAKE: CheckKindRegistry = { ...CHECK_KINDS, fake: fakeKind };
const REGION = 'ap-southeast-3';

function resolveWith(kinds: CheckKindRegistry | undefined, rawTargets: unknown[]): { specs: TargetSpec[]; problems: string[] } {
  const problems = new Problems();
  const specs = resolveTargets(
    { rawDefaults: { expect: { bodyContains: ['inherited'] } }, rawApps: undefined, rawTargets, regions: [REGION], baseDir: '.', ...(kinds ? { kinds } : {}) },
    problems,
  );
  return { specs, problems: problems.list.map((p) => `${formatPath(p.path)}: ${p.message}`) };
}

describe('CHECK_KINDS', () => {
  it('has one descriptor per CheckKind, and every scheme belongs to exactly one kind', () => {
    expect(Object.keys(CHECK_KINDS)).toEqual(['http', 'tcp', 'tls', 'dns'] satisfies CheckKind[]);
    const schemes = Object.values(CHECK_KINDS).flatMap((d) => Object.keys(d.schemes));
    expect(schemes).toEqual(['http', 'https', 'tcp', 'tls', 'dns']);
    expect(new Set(schemes).size).toBe(schemes.length);
  });

  it('kindOf reads the scheme, case-insensitively; other schemes have no kind', () => {
    expect(kindOf('HTTPS://www.kpu.go.id/')).toBe('http');
    expect(kindOf('tls://db:5432')).toBe('tls');
    expect(kindOf('dns://kpu.go.id?type=A')).toBe('dns');
    expect(kindOf('ftp://files.kpu.go.id/')).toBeUndefined();
    expect(kindOf('www.kpu.go.id')).toBeUndefined();
    expect(kindOf('fake://x')).toBeUndefined();
    expect(kindOf('fake://x', WITH_FAKE)).toBe('fake');
  });

  it('descriptorFor refuses an unknown kind as a classified check failure', () => {
    expect(descriptorFor('tcp')).toBe(CHECK_KINDS.tcp);
    expect(() => descriptorFor('toString')).toThrow(CheckFailure);
    expect(() => descriptorFor('fake')).toThrow('unknown check kind fake');
  });

  it('reportsCertificate: https:// and tls:// only', () => {
    expect(reportsCertificate({ kind: 'http', url: 'https://a/' })).toBe(true);
    expect(reportsCertificate({ kind: 'http', url: 'HTTPS://a/' })).toBe(true);
    expect(reportsCertificate({ kind: 'http', url: 'http://a/' })).toBe(false);
    expect(reportsCertificate({ kind: 'tls', url: 'tls://a:443' })).toBe(true);
    expect(reportsCertificate({ kind: 'tcp', url: 'tcp://a:443' })).toBe(false);
    expect(reportsCertificate({ kind: 'dns', url: 'dns://a' })).toBe(false);
  });

  it('usualPortOf gives the port a fix suggests, per scheme', () => {
    expect([usualPortOf('http'), usualPortOf('https'), usualPortOf('tcp'), usualPortOf('dns'), usualPortOf('ftp')]).toEqual([80, 443, 5432, 53, undefined]);
    expect(usualPortOf('fake', WITH_FAKE)).toBe(7);
  });
});

describe('a kind added by one registry entry', () => {
  it('is a URL the loader reads, and named among the schemes it takes', () => {
    expect(parseTargetUrl('fake://box', WITH_FAKE)).toEqual({ ok: true, kind: 'fake', host: 'box', tlsCapable: false, dnsType: 'AAAA' });
    expect(parseTargetUrl('fake://box/x', WITH_FAKE)).toEqual({ ok: false, problem: 'fake://box/x has a path — write fake://name' });
    expect(parseTargetUrl('fake://box:99999', WITH_FAKE)).toEqual({ ok: false, problem: 'port 99999 is outside 1–65535 — use the service\'s port, e.g. fake://box:7' });
    expect(parseTargetUrl('ftp://box', WITH_FAKE)).toEqual({
      ok: false,
      problem: '"ftp://box" is not an http(s) URL (nor tcp://, tls://, dns:// or fake://) — use https://host/path',
    });
    expect(parseTargetUrl('fake://box')).toEqual({
      ok: false,
      problem: '"fake://box" is not an http(s) URL (nor tcp://, tls:// or dns://) — use https://host/path',
    });
  });

  it('resolves into a target spec with its settings, its own fields checked and inherited ones dropped', () => {
    const { specs, problems } = resolveWith(WITH_FAKE, [{ id: 'f', url: 'fake://box', tls: { insecureSkipVerify: true }, expect: { values: ['v'] } }]);
    expect(problems).toEqual([]);
    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({ id: 'f', kind: 'fake', url: 'fake://box', dnsType: 'AAAA', expect: { values: ['v'] } });
    expect(specs[0]!.expect).not.toHaveProperty('bodyContains');

    const refused = resolveWith(WITH_FAKE, [{ id: 'f', url: 'fake://box', method: 'POST', expect: { status: [200] } }]);
    expect(refused.specs).toEqual([]);
    expect(refused.problems).toEqual([
      'targets[0].method: a fake:// target sends no HTTP request — remove method or use an https:// URL',
      'targets[0].expect.status: a fake:// target cannot check status — remove it (fake:// targets check values, maxLatencyMs)',
    ]);
    expect(resolveWith(undefined, [{ id: 'f', url: 'fake://box' }]).problems).toEqual([
      'targets[0].url: "fake://box" is not an http(s) URL (nor tcp://, tls:// or dns://) — use https://host/path',
    ]);
  });

  it('runs through the probe engine, its facts judged by the assertions', async () => {
    const [target] = resolveWith(WITH_FAKE, [{ id: 'f', url: 'fake://box', expect: { values: ['answer-of-box'] } }]).specs;
    const secretsFor = async () => ({ 'x-token': 's' });
    const passed = await runCheck(target!, { region: REGION, kinds: WITH_FAKE, secretsFor });
    expect(passed).toMatchObject({ ok: true, kind: 'fake', error: null, status: null, answers: ['answer-of-box', 'x-token'], certDaysLeft: null });
    expect(passed.phases.connect).toBe(3);

    const failed = await runCheck({ ...target!, expect: { values: ['other'] } }, { region: REGION, kinds: WITH_FAKE });
    expect(failed).toMatchObject({ ok: false, error: 'assertion', reason: 'DNS answer lacks other (got answer-of-box)' });

    const [fromRound] = await runChecks([target!], { region: REGION, kinds: WITH_FAKE, concurrency: 2 });
    expect(fromRound).toMatchObject({ ok: true, answers: ['answer-of-box'] });

    const unregistered = await runCheck(target!, { region: REGION });
    expect(unregistered).toMatchObject({ ok: false, error: 'error', reason: 'unknown check kind fake' });
  });

  it('is counted by the metric count from its descriptor', () => {
    const [target] = resolveWith(WITH_FAKE, [{ id: 'f', url: 'fake://box', metrics: 'detailed' }]).specs;
    expect(targetMetricNames(target!, WITH_FAKE)).toEqual(['Up', 'LatencyMs', 'ConnectMs']);
    const count = customMetricCount(makeConfig({ targets: [target!] }), WITH_FAKE);
    expect(count.breakdown.filter((l) => l.scope !== 'heartbeat').map((l) => [l.scope, l.name, l.metrics])).toEqual([
      ['app', 'f', ['Up', 'LatencyMs', 'ConnectMs']],
      ['target', 'f', ['Up', 'LatencyMs', 'ConnectMs']],
    ]);
  });
});
