import type { IamRequest } from './iam-requests';

/**
 * Enough of IAM's policy evaluation to prove a synthesized role against recorded requests:
 * CloudFormation intrinsics resolved to literal ARNs, IAM's `*` / `?` wildcards, the condition
 * operators Pantau's policies use, and IAM's size measure. Allow statements only (the roles have
 * no Deny); an operator this file does not know is an error, never a silent match.
 */

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** A statement with literal actions and resources. */
export interface ResolvedStatement {
  actions: string[];
  resources: string[];
  condition?: Record<string, Record<string, string | string[]>>;
}

interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export interface ResolveContext {
  template: CfnTemplate;
  account: string;
  region: string;
  partition?: string;
}

/** IAM's wildcard match: `*` any run of characters (also none and `/`), `?` exactly one. */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

/** CloudFormation value → string, for the intrinsics CDK puts in IAM policies. */
export function resolveValue(value: unknown, ctx: ResolveContext): string {
  if (typeof value === 'string') return value;
  const partition = ctx.partition ?? 'aws';
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]]; 'Fn::GetAtt'?: [string, string] };
  if (v['Fn::Join']) return v['Fn::Join'][1].map((part) => resolveValue(part, ctx)).join(v['Fn::Join'][0]);
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:${ctx.region}:${ctx.account}:${resource}`;
  if (v.Ref) {
    const pseudo: Record<string, string> = { 'AWS::AccountId': ctx.account, 'AWS::Region': ctx.region, 'AWS::Partition': partition, 'AWS::URLSuffix': 'amazonaws.com' };
    if (pseudo[v.Ref]) return pseudo[v.Ref]!;
    const resource = ctx.template.Resources[v.Ref];
    if (resource?.Type === 'AWS::SNS::Topic') return arn('sns', String(resource.Properties!.TopicName));
    throw new Error(`iam-policy: cannot resolve Ref ${v.Ref} (${resource?.Type ?? 'not in the template'})`);
  }
  if (v['Fn::GetAtt']) {
    const [id, attribute] = v['Fn::GetAtt'];
    const resource = ctx.template.Resources[id];
    if (attribute === 'Arn' && resource?.Type === 'AWS::DynamoDB::Table') return arn('dynamodb', `table/${String(resource.Properties!.TableName)}`);
    if (attribute === 'Arn' && resource?.Type === 'AWS::KMS::Key') return arn('kms', `key/${keyIdOf(id)}`);
    if (attribute === 'Arn' && resource?.Type === 'AWS::Logs::LogGroup') return arn('logs', `log-group:/aws/lambda/${id}`);
    // A queue without a QueueName gets a generated one: the logical id stands in for it (stable, one per queue).
    if (attribute === 'Arn' && resource?.Type === 'AWS::SQS::Queue') return arn('sqs', String(resource.Properties?.QueueName ?? id));
    throw new Error(`iam-policy: cannot resolve Fn::GetAtt ${id}.${attribute} (${resource?.Type ?? 'not in the template'})`);
  }
  throw new Error(`iam-policy: cannot resolve ${JSON.stringify(value)}`);
}

/** A stable, UUID-shaped stand-in for the random id KMS gives a key. */
export function keyIdOf(logicalId: string): string {
  const hex = Buffer.from(logicalId).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Logical id of the one role whose id starts with `prefix` (e.g. `ProbesFunctionRole`). */
export function roleId(template: CfnTemplate, prefix: string): string {
  const ids = Object.entries(template.Resources)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Role' && id.startsWith(prefix))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`iam-policy: ${ids.length} roles start with ${prefix}`);
  return ids[0]!;
}

/** Policy documents in effect for a role: its inline `Policies`, the AWS::IAM::Policy and the managed policies attached to it. */
export function rolePolicyDocuments(template: CfnTemplate, role: string): { inline: Statement[][]; managed: Statement[][] } {
  const attached = (p: Record<string, unknown> | undefined) => ((p?.Roles as unknown[]) ?? []).some((r) => (r as { Ref?: string }).Ref === role);
  const doc = (p: Record<string, unknown> | undefined) => (p!.PolicyDocument as { Statement: Statement[] }).Statement;
  const resources = Object.values(template.Resources);
  const own = ((template.Resources[role]!.Properties?.Policies as Array<Record<string, unknown>>) ?? []).map(doc);
  return {
    inline: [...own, ...resources.filter((r) => r.Type === 'AWS::IAM::Policy' && attached(r.Properties)).map((r) => doc(r.Properties))],
    managed: resources.filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && attached(r.Properties)).map((r) => doc(r.Properties)),
  };
}

export function resolveStatements(statements: Statement[], ctx: ResolveContext): ResolvedStatement[] {
  return statements.map((s) => {
    if (s.Effect !== 'Allow') throw new Error('iam-policy: Deny statements are not modelled');
    const condition = s.Condition
      ? Object.fromEntries(
          Object.entries(s.Condition).map(([op, keys]) => [
            op,
            Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => resolveValue(x, ctx)) : resolveValue(v, ctx)])),
          ]),
        )
      : undefined;
    return { actions: [s.Action].flat(), resources: [s.Resource].flat().map((r) => resolveValue(r, ctx)), condition };
  });
}

/** IAM's measure of a policy's size: characters of its JSON, whitespace not counted. */
export function policySize(statements: unknown[]): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }).replace(/\s/g, '').length;
}

/** Whether `statement` allows `request`: action, resource and every condition. */
export function statementAllows(statement: ResolvedStatement, request: IamRequest): boolean {
  return (
    statement.actions.some((a) => wildcardMatches(a, request.action, true)) &&
    statement.resources.some((r) => wildcardMatches(r, request.resource)) &&
    conditionHolds(statement.condition, request.context)
  );
}

function conditionHolds(condition: ResolvedStatement['condition'], context: IamRequest['context']): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const wanted = [expected].flat();
      const actual = context[key];
      if (actual === undefined) return false; // a missing key fails every operator used here
      const values = [actual].flat();
      switch (operator) {
        case 'StringEquals':
        case 'ArnEquals':
          return values.length === 1 && wanted.includes(values[0]!);
        case 'StringLike':
        case 'ArnLike':
          return values.length === 1 && wanted.some((w) => wildcardMatches(w, values[0]!));
        case 'ForAnyValue:StringEquals':
          return values.some((v) => wanted.includes(v));
        default:
          throw new Error(`iam-policy: condition operator ${operator} is not modelled`);
      }
    }),
  );
}

export interface ProofResult {
  /** Requests no statement allows. */
  denied: IamRequest[];
  /** (action, resource) pairs a statement grants that no recorded request used. */
  unused: string[];
}

/** Sufficient (nothing denied) and minimal (every granted action × resource was used). */
export function proveStatements(statements: ResolvedStatement[], requests: IamRequest[]): ProofResult {
  const denied = requests.filter((r) => !statements.some((s) => statementAllows(s, r)));
  const unused: string[] = [];
  for (const s of statements) {
    for (const action of s.actions) {
      for (const resource of s.resources) {
        const narrowed = { ...s, actions: [action], resources: [resource] };
        if (!requests.some((r) => statementAllows(narrowed, r))) unused.push(`${action} on ${resource}`);
      }
    }
  }
  return { denied, unused };
}
