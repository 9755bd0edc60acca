import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SecretRef } from '../../lambdas/core/types';
import { SECRET_GRANT_BUDGET, compactSecretGrants, grantsSize } from '../../lib/constructs/secret-grants';
import { makeTarget } from '../support/config-fixture';
import { policySize, resolveStatements, roleId, rolePolicyDocuments, statementAllows, type ResolvedStatement } from '../support/iam-policy';
import { SECRET_SUFFIX } from '../support/iam-requests';
import { buildApp, sampleConfig } from './cdk-app';

/**
 * Issue 8, point 10: with 600 distinct secretHeaders references the probe role stays under IAM's
 * 10,240-character limit for a role's inline policies (whitespace not counted), every reference
 * stays readable, and nothing outside the configured prefixes becomes readable.
 */

const ACCOUNT = '111122223333';
const HOME = 'ap-southeast-3';
const IAM_ROLE_INLINE_LIMIT = 10_240;

/** 600 references over 24 apps, SSM parameters and Secrets Manager secrets alternating. */
function manyRefs(count = 600): SecretRef[] {
  return Array.from({ length: count }, (_, i) => {
    const path = `pantau/app-${String(i % 24).padStart(2, '0')}/target-${String(i).padStart(3, '0')}`;
    return i % 2 === 0 ? { ssm: `/${path}/token` } : { secretsManager: path, jsonKey: 'key' };
  });
}

const ssmArn = (name: string) => `arn:aws:ssm:${HOME}:${ACCOUNT}:parameter/${name.replace(/^\//, '')}`;
const secretArn = (name: string) => `arn:aws:secretsmanager:${HOME}:${ACCOUNT}:secret:${name}${SECRET_SUFFIX}`;
const refArn = (ref: SecretRef) => ('ssm' in ref ? ssmArn(ref.ssm) : secretArn(ref.secretsManager));
const request = (ref: SecretRef) => ({
  action: 'ssm' in ref ? 'ssm:GetParameter' : 'secretsmanager:GetSecretValue',
  resource: refArn(ref),
  context: {},
  from: 'test',
});

describe('secret grants with 600 distinct references', () => {
  const refs = manyRefs();
  let template: ReturnType<Template['toJSON']>;
  let inline: ResolvedStatement[][];
  let managedCount: number;

  beforeAll(() => {
    const config = sampleConfig({
      regions: [HOME],
      shardSize: 25,
      targets: refs.map((ref, i) => makeTarget({ id: `t-${i}`, url: `https://t${i}.kpu.go.id/`, app: `app-${i % 24}`, secretHeaders: { Authorization: ref } })),
    });
    const { stacks } = buildApp(config, { nag: true });
    // Synthesizes (running cdk-nag); an unsuppressed finding throws here.
    const errors = Annotations.fromStack(stacks.monitor).findError('*', Match.stringLikeRegexp('AwsSolutions-'));
    expect(errors).toEqual([]);
    template = Template.fromStack(stacks.monitor).toJSON();
    const docs = rolePolicyDocuments(template as never, roleId(template as never, 'ProbesFunctionRole'));
    inline = docs.inline.map((d) => resolveStatements(d, { template: template as never, account: ACCOUNT, region: HOME }));
    managedCount = docs.managed.length;
  }, 180_000); // 600 targets synthesized with cdk-nag: slow on a shared machine

  it(`keeps the role's inline policies under IAM's ${IAM_ROLE_INLINE_LIMIT} characters, with no overflow managed policy`, () => {
    const size = policySize(inline.flat());
    expect(size).toBeLessThan(IAM_ROLE_INLINE_LIMIT);
    expect(managedCount).toBe(0);
  });

  it('still allows every one of the 600 references', () => {
    const statements = inline.flat();
    const denied = refs.filter((ref) => !statements.some((s) => statementAllows(s, request(ref))));
    expect(denied).toEqual([]);
  });

  it('collapses to the narrowest shared prefixes (per app), never wider, and keeps the rest exact', () => {
    const secretResources = inline.flat().filter((s) => s.actions.some((a) => a.startsWith('ssm:') || a.startsWith('secretsmanager:'))).flatMap((s) => s.resources);
    const wildcards = secretResources.filter((r) => r.endsWith('*'));
    expect(wildcards.length).toBeGreaterThan(0);
    expect(wildcards.every((r) => /:(parameter\/|secret:)pantau\/app-\d\d\/\*$/.test(r))).toBe(true);
    const exact = secretResources.filter((r) => !r.endsWith('*'));
    expect(exact.every((r) => refs.some((ref) => 'ssm' in ref ? r === ssmArn(ref.ssm) : r === secretArn(ref.secretsManager).replace(SECRET_SUFFIX, '-??????')))).toBe(true);
    // At most one grant per app and kind (24 × 2) plus what stayed exact.
    expect(secretResources.length).toBeLessThanOrEqual(48 + exact.length);
    expect(secretResources.length).toBeLessThan(100);
  });

  it('allows nothing outside the configured prefixes', () => {
    const statements = inline.flat();
    const outside = [
      { action: 'ssm:GetParameter', resource: ssmArn('/pantau/other-app/token') },
      { action: 'ssm:GetParameter', resource: ssmArn('/pantau/app-0/token') },
      { action: 'ssm:GetParameter', resource: ssmArn('/dcim/app-00/token') },
      { action: 'secretsmanager:GetSecretValue', resource: secretArn('pantau/app-00') },
      { action: 'secretsmanager:GetSecretValue', resource: secretArn('pantau-app-00/x') },
      { action: 'ssm:GetParameter', resource: `arn:aws:ssm:ap-southeast-1:${ACCOUNT}:parameter/pantau/app-00/target-000/token` },
    ];
    const allowed = outside.filter((r) => statements.some((s) => statementAllows(s, { ...r, context: {}, from: 'test' })));
    expect(allowed).toEqual([]);
  });
});

describe('the Secrets Manager suffix', () => {
  it('`<name>-??????` matches the secret\'s real ARN and not a longer name that shares its prefix', () => {
    const grant = { actions: ['secretsmanager:GetSecretValue'], resources: [`arn:aws:secretsmanager:${HOME}:${ACCOUNT}:secret:pantau/sipol-??????`] };
    expect(statementAllows(grant, request({ secretsManager: 'pantau/sipol' }))).toBe(true);
    expect(statementAllows(grant, request({ secretsManager: 'pantau/sipol-admin' }))).toBe(false);
  });
});

describe('compactSecretGrants', () => {
  it('grants every reference exactly while they fit the budget', () => {
    const refs: SecretRef[] = [{ ssm: '/pantau/sirekap/token' }, { secretsManager: 'pantau/sipol' }, { ssm: '/pantau/sirekap/token' }];
    const grants = compactSecretGrants(refs, SECRET_GRANT_BUDGET);
    expect(grants).toEqual([
      { kind: 'secretsmanager', segments: ['pantau', 'sipol'], wildcard: false },
      { kind: 'ssm', segments: ['pantau', 'sirekap', 'token'], wildcard: false },
    ]);
  });

  it('collapses the deepest, most crowded prefix first and keeps the rest exact', () => {
    const crowded = Array.from({ length: 10 }, (_, i) => ({ ssm: `/pantau/sirekap/t${i}/token` }));
    const refs: SecretRef[] = [...crowded, { ssm: '/pantau/sipol/token' }, { ssm: '/pantau/jdih/token' }];
    const exact = grantsSize(compactSecretGrants(refs, 100_000));
    const grants = compactSecretGrants(refs, exact - 1);
    const shown = grants.map((g) => `${g.segments.join('/')}${g.wildcard ? '/*' : ''}`);
    // Collapsing /pantau/sirekap/t<i>/* would save nothing; /pantau/sirekap/* is the narrowest that helps.
    expect(shown).toEqual(['pantau/jdih/token', 'pantau/sipol/token', 'pantau/sirekap/*']);
    expect(grantsSize(grants)).toBeLessThanOrEqual(exact - 1);
  });

  it('is deterministic: the order of the references does not change the grants', () => {
    const refs = manyRefs();
    const budget = 3_000;
    expect(compactSecretGrants([...refs].reverse(), budget)).toEqual(compactSecretGrants(refs, budget));
  });

  it('keeps full ARNs as given and the exact six-character suffix for secret names', () => {
    const arn = `arn:aws:secretsmanager:${HOME}:${ACCOUNT}:secret:pantau/shared`;
    expect(compactSecretGrants([{ secretsManager: arn }], SECRET_GRANT_BUDGET)).toEqual([{ kind: 'secretsmanager', segments: [], wildcard: false, arn }]);
  });

  it('refuses, naming secretHeaders and the fix, when even first-segment prefixes do not fit', () => {
    const flat = Array.from({ length: 600 }, (_, i) => ({ ssm: `/token-${i}` }));
    expect(() => compactSecretGrants(flat, SECRET_GRANT_BUDGET)).toThrow(/^secretHeaders: 600 secret references need \d+ characters of IAM policy, over the 6000 that fit a role; give them shared path prefixes/);
  });
});
