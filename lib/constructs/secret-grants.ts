import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import type { SecretRef } from '../../lambdas/core/types';
import type { PantauFunction } from './pantau-function';

/**
 * Characters (whitespace not counted, as IAM counts) the secret statements may take in a role's
 * inline policy. IAM caps ALL inline policies of a role at 10,240 characters together; the rest
 * of a Pantau role (logs, table, metrics, topics, key) takes about 1,500, so 6,000 leaves room for
 * growth. Beyond it the grants are compacted (compactSecretGrants).
 */
export const SECRET_GRANT_BUDGET = 6_000;

/** Longest values CloudFormation may put in for the tokens of an ARN (`aws-us-gov`, `ap-southeast-3`, 12-digit account). */
const WORST_PARTITION = 10;
const WORST_REGION = 14;
const ACCOUNT = 12;
/** `{"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":[]}` and the comma after it. */
const STATEMENT_OVERHEAD = 75;

type Kind = 'ssm' | 'secretsmanager';

/** One grant resource before it becomes an ARN: an exact name, a `<prefix>/*` wildcard or a literal ARN. */
export interface SecretGrant {
  kind: Kind;
  /** Name path segments (`/pantau/x/token` → pantau, x, token); empty for a literal ARN. */
  segments: string[];
  /** True for `<segments>/*`. */
  wildcard: boolean;
  /** A reference given as a full ARN: granted as it is, never compacted. */
  arn?: string;
}

/**
 * ssm:GetParameter / secretsmanager:GetSecretValue on the references the config's `secretHeaders`
 * name, in the function's own region (lambdas/adapters/secrets.ts uses the Lambda's region).
 * Exact ARNs while they fit SECRET_GRANT_BUDGET; beyond it, compactSecretGrants collapses them
 * into the narrowest path-prefix wildcards that fit. Nothing is granted when no reference is given.
 */
export function grantSecretRefs(fn: PantauFunction, refs: SecretRef[]): void {
  const stack = Stack.of(fn);
  const grants = compactSecretGrants(refs, SECRET_GRANT_BUDGET);
  for (const [kind, action] of [['ssm', 'ssm:GetParameter'], ['secretsmanager', 'secretsmanager:GetSecretValue']] as const) {
    const resources = grants.filter((g) => g.kind === kind).flatMap((g) => grantArns(stack, g));
    if (resources.length > 0) fn.addToRolePolicy(new iam.PolicyStatement({ actions: [action], resources }));
  }
  if (grants.some((g) => g.wildcard)) {
    NagSuppressions.addResourceSuppressions(
      fn.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: `Over ${SECRET_GRANT_BUDGET} characters of exact secret ARNs would break IAM's 10,240-character inline policy limit, so the config's secretHeaders references are granted by their narrowest shared path prefix (docs/deploy.md).`,
          appliesTo: [{ regex: '/^Resource::arn:[^:]+:(ssm|secretsmanager):[^:]+:(<AWS::AccountId>|\\d{12}):(parameter\\/|secret:).+\\/\\*$/g' }],
        },
      ],
      true,
    );
  }
}

/**
 * The grant list for `refs`: every distinct reference exactly when the statements fit `budget`
 * characters; otherwise prefixes that two or more grants share are collapsed to `<prefix>/*`,
 * deepest (narrowest) first, and among equally deep ones the one that saves most (then
 * alphabetically), one at a time until they fit.
 * Never wider than a name's first segment (`/pantau/*`), so nothing outside the configured
 * prefixes is granted; a config that does not fit even then is a synth-time error.
 */
export function compactSecretGrants(refs: SecretRef[], budget: number): SecretGrant[] {
  let grants = uniqueGrants(refs.map(exactGrant));
  while (grantsSize(grants) > budget) {
    const best = bestCollapse(grants);
    if (!best) {
      throw new Error(
        `secretHeaders: ${grants.length} secret references need ${grantsSize(grants)} characters of IAM policy, over the ${budget} that fit a role; ` +
          'give them shared path prefixes (e.g. /pantau/<app>/<name>) so they can be granted by prefix',
      );
    }
    grants = best;
  }
  return grants.sort((a, b) => grantKey(a).localeCompare(grantKey(b)));
}

/** Estimated non-whitespace characters of the statements the grants become, tokens at their longest. */
export function grantsSize(grants: SecretGrant[]): number {
  const kinds = new Set(grants.map((g) => g.kind));
  return kinds.size * STATEMENT_OVERHEAD + grants.reduce((sum, g) => sum + grantLength(g) + 3, 0);
}

function bestCollapse(grants: SecretGrant[]): SecretGrant[] | undefined {
  const candidates = new Map<string, { kind: Kind; prefix: string[]; members: number }>();
  for (const g of grants) {
    // Prefixes of depth ≥ 1 strictly above the grant (a wildcard's own prefix is already collapsed).
    for (let depth = 1; depth < g.segments.length; depth++) {
      const prefix = g.segments.slice(0, depth);
      const id = `${g.kind}\u0000${prefix.join('/')}`;
      candidates.set(id, { kind: g.kind, prefix, members: (candidates.get(id)?.members ?? 0) + 1 });
    }
  }
  const before = grantsSize(grants);
  // Only a prefix two or more grants share: a wildcard for one reference would widen it for a few characters.
  const ranked = [...candidates.values()]
    .filter((c) => c.members >= 2)
    .map((c) => ({ ...c, after: collapse(grants, c.kind, c.prefix) }))
    .map((c) => ({ ...c, saving: before - grantsSize(c.after) }))
    .filter((c) => c.saving > 0)
    .sort((a, b) => b.prefix.length - a.prefix.length || b.saving - a.saving || a.prefix.join('/').localeCompare(b.prefix.join('/')));
  return ranked[0]?.after;
}

/** Replaces every grant strictly under `prefix` by one `<prefix>/*` (a name equal to the prefix stays exact). */
function collapse(grants: SecretGrant[], kind: Kind, prefix: string[]): SecretGrant[] {
  const under = (g: SecretGrant) =>
    g.kind === kind && !g.arn && g.segments.length > prefix.length && prefix.every((s, i) => g.segments[i] === s);
  return [...grants.filter((g) => !under(g)), { kind, segments: prefix, wildcard: true }];
}

function exactGrant(ref: SecretRef): SecretGrant {
  const [kind, name] = 'ssm' in ref ? (['ssm', ref.ssm] as const) : (['secretsmanager', ref.secretsManager] as const);
  if (name.startsWith('arn:')) return { kind, segments: [], wildcard: false, arn: name };
  // Parameter ARNs drop the leading slash of a hierarchical name: /pantau/x → parameter/pantau/x.
  return { kind, segments: name.replace(/^\//, '').split('/'), wildcard: false };
}

function uniqueGrants(grants: SecretGrant[]): SecretGrant[] {
  return [...new Map(grants.map((g) => [grantKey(g), g])).values()];
}

function grantKey(g: SecretGrant): string {
  return `${g.kind}\u0000${g.arn ?? g.segments.join('/')}${g.wildcard ? '/*' : ''}`;
}

/** Length of the resolved ARN(s) of a grant (a literal secret ARN is granted twice: as is and with `-??????`). */
function grantLength(g: SecretGrant): number {
  if (g.arn) return g.kind === 'secretsmanager' ? 2 * g.arn.length + 10 : g.arn.length;
  const head = `arn::${g.kind}:::`.length + WORST_PARTITION + WORST_REGION + ACCOUNT;
  const path = g.segments.join('/') + (g.wildcard ? '/*' : g.kind === 'secretsmanager' ? '-??????' : '');
  return head + (g.kind === 'ssm' ? 'parameter/'.length : 'secret:'.length) + path.length;
}

/**
 * The ARNs of one grant. Secrets Manager appends 6 random characters to a secret's ARN; a name
 * (or a partial ARN) matches the real ARN with `-??????` — exactly six characters, never a wider
 * wildcard.
 */
function grantArns(stack: Stack, g: SecretGrant): string[] {
  if (g.arn) return g.kind === 'secretsmanager' ? [g.arn, `${g.arn}-??????`] : [g.arn];
  const path = g.segments.join('/') + (g.wildcard ? '/*' : '');
  if (g.kind === 'ssm') {
    return [stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: path, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })];
  }
  const resourceName = g.wildcard ? path : `${path}-??????`;
  return [stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })];
}
