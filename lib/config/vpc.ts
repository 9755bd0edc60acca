import { z } from 'zod';
import type { VpcConfig } from '../../lambdas/core/config';
import { hostOfUrl } from '../../lambdas/core/capacity/sources/descriptor';
import type { TargetSpec } from '../../lambdas/core/types';
import { checked, strict } from './schema-kit';
import { normaliseZone, privateReason } from './private-network';
import type { Path, Problems } from './problems';

/**
 * `vpc:`: an existing VPC (government accounts already have one joined to the data centre by
 * VPN or Direct Connect), named by ids so synth stays offline. Sources and targets on private
 * addresses, or under one of its private DNS zones, run in Lambdas placed in it; without it such
 * a host is a config error, because a Lambda outside any VPC can never reach it.
 */

function awsId(prefix: string, field: string, example: string) {
  return checked((v) =>
    new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`).test(v)
      ? null
      : `${JSON.stringify(v)} is not a ${field} — use the id from the VPC console, e.g. ${example}`,
  );
}

const zoneName = checked((v) =>
  /^\.?(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i.test(v.trim())
    ? null
    : `${JSON.stringify(v)} is not a DNS zone — write its suffix, e.g. pdn.go.id or internal`,
);

/** One id or more (zod's own "too few items — give ≥ 1" names the fix). */
const idList = (item: z.ZodType<string>) => z.array(item).min(1);

export const vpcSchema = strict({
  vpcId: awsId('vpc', 'VPC id', 'vpc-0a1b2c3d4e5f60718'),
  subnetIds: idList(awsId('subnet', 'subnet id', 'subnet-0a1b2c3d4e5f60718')),
  securityGroupIds: idList(awsId('sg', 'security group id', 'sg-0a1b2c3d4e5f60718')),
  routeTableIds: idList(awsId('rtb', 'route table id', 'rtb-0a1b2c3d4e5f60718')).optional(),
  privateZones: z.array(zoneName).optional(),
  /** create: Pantau creates the VPC endpoints; existing-nat: the subnets already reach AWS through a NAT. */
  endpoints: z.enum(['create', 'existing-nat']).optional(),
});

/** `vpc:` → VpcConfig (no private hosts yet: the placement below adds them), or undefined when absent or broken. */
export function resolveVpc(raw: unknown, problems: Problems): VpcConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const parsed = vpcSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    problems.addZod(['vpc'], parsed.error);
    return undefined;
  }
  const v = parsed.data;
  return {
    vpcId: v.vpcId,
    subnetIds: v.subnetIds,
    securityGroupIds: v.securityGroupIds,
    routeTableIds: v.routeTableIds ?? [],
    privateZones: (v.privateZones ?? []).map(normaliseZone),
    endpoints: v.endpoints ?? 'create',
    privateTargets: [],
    privateSources: [],
  };
}

const ADD_VPC = 'add a top-level vpc: { vpcId, subnetIds, securityGroupIds } joined to that network (docs/config.md "vpc"), or use a public address';

/** One target or capacity source as the placement judges it. */
export interface NetworkSubject {
  what: 'target' | 'capacity source';
  id: string;
  /** The host it connects to; undefined when it reaches only AWS APIs. */
  host: string | undefined;
  /** `private:` as written, if written. */
  explicit: boolean | undefined;
  /** The item's path (`targets[3]`), and the field that holds the host below it (`url`). */
  path: Path;
  hostField: Path;
}

/**
 * Decides which targets and sources are private, and refuses a private one when there is no
 * usable VPC. `vpcGiven`: the file has a `vpc:` (perhaps broken, then already reported), so a
 * private host is not blamed a second time for the VPC's own problem.
 */
export class PrivatePlacement {
  /** Capacity sources reached over the internet: they share the capacity Lambda with the private ones. */
  private readonly internetSources: NetworkSubject[] = [];

  constructor(
    readonly vpc: VpcConfig | undefined,
    private readonly vpcGiven: boolean,
    private readonly problems: Problems,
  ) {}

  judge(subject: NetworkSubject): void {
    const reason = subject.host === undefined ? undefined : privateReason(subject.host, this.vpc?.privateZones);
    if (subject.explicit === false && reason === 'private address') {
      this.problems.add([...subject.path, 'private'], `is false, but ${subject.host} is a private address no Lambda outside a VPC can reach — remove private: false and ${ADD_VPC.replace(', or use a public address', '')}`);
      return;
    }
    const isPrivate = subject.explicit ?? reason !== undefined;
    if (!isPrivate) {
      if (subject.what === 'capacity source' && subject.host !== undefined && !isLoopback(subject.host)) this.internetSources.push(subject);
      return;
    }
    if (this.vpc) {
      (subject.what === 'target' ? this.vpc.privateTargets : this.vpc.privateSources).push(subject.id);
      return;
    }
    if (this.vpcGiven) return;
    if (reason === undefined) {
      this.problems.add([...subject.path, 'private'], `a private ${subject.what} runs in a VPC, and the config has none — add a top-level vpc: { vpcId, subnetIds, securityGroupIds }, or remove private: true`);
    } else {
      this.problems.add([...subject.path, ...subject.hostField], `${subject.host} is a ${reason} (10/8, 172.16/12, 192.168/16 or fc00::/7) that a Lambda outside a VPC cannot reach — ${ADD_VPC}`);
    }
  }

  /**
   * Once every source is judged: with a private source the one capacity Lambda runs in the VPC,
   * where `endpoints: create` gives it AWS endpoints but no internet route, so a source on the
   * internet would time out on every read.
   */
  checkInternetSources(): void {
    if (!this.vpc || this.vpc.privateSources.length === 0 || this.vpc.endpoints !== 'create') return;
    for (const s of this.internetSources) {
      this.problems.add(
        [...s.path, ...s.hostField],
        `${s.host} is on the internet, but the capacity Lambda runs in the VPC for the private sources and vpc.endpoints: create gives it no internet route — set vpc.endpoints: existing-nat if the subnets reach the internet through a NAT, or reach this source through the data centre (private: true)`,
      );
    }
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

/** The hosts a target connects to: its URL's host, and a DNS check's resolver when it names one. */
export function targetHosts(spec: Pick<TargetSpec, 'url' | 'dnsResolver'>): Array<{ host: string; field: string }> {
  const hosts: Array<{ host: string; field: string }> = [];
  const host = hostOfUrl(spec.url);
  if (host !== undefined) hosts.push({ host, field: 'url' });
  const resolver = spec.dnsResolver ? /^\[?([^\]]+?)\]?:\d+$/.exec(spec.dnsResolver)?.[1] : undefined;
  if (resolver !== undefined) hosts.push({ host: resolver, field: 'url' });
  return hosts;
}

/** Judges every resolved target; the raw list gives each its path and its `private:` as written. */
export function judgeTargets(rawTargets: unknown, specs: readonly TargetSpec[], placement: PrivatePlacement, zones: readonly string[]): void {
  if (!Array.isArray(rawTargets)) return;
  const byId = new Map(specs.map((s) => [s.id, s]));
  rawTargets.forEach((raw: unknown, i) => {
    const item = raw as { id?: unknown; private?: unknown } | null;
    const spec = typeof item?.id === 'string' ? byId.get(item.id) : undefined;
    if (!spec) return;
    const hosts = targetHosts(spec);
    const chosen = hosts.find((h) => privateReason(h.host, zones) !== undefined) ?? hosts[0];
    placement.judge({
      what: 'target',
      id: spec.id,
      host: chosen?.host,
      explicit: typeof item?.private === 'boolean' ? item.private : undefined,
      path: ['targets', i],
      hostField: [chosen?.field ?? 'url'],
    });
  });
}
