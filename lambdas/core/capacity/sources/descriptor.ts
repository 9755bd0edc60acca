import type { z } from 'zod';
import type { SecretRef } from '../../types';
import type { CapacitySource, CapacityUnit } from '../types';
import type { SourceConfigContext, SourceSchemaKit } from './config-kit';
import type { CapacitySourceIo, SourceReadout } from './io';

/**
 * Everything one capacity source type (`prometheus`, `http-json`, `cloudwatch` …) brings: how its
 * `source:` block is written and checked, how it is read, and what the capacity Lambda's role
 * needs for it. The config loader, the capacity cycle and the CDK construct look a type up in
 * the registry (registry.ts) instead of each keeping its own if/else over the types.
 */

/** What every source spec has: its type, and the resources it reports (names unique per site). */
export interface SourceSpecBase {
  type: string;
  resources: ReadonlyArray<{ name: string; unit: CapacityUnit }>;
}

/** A capacity source whose spec is of one type. */
export type SourceOf<S extends SourceSpecBase> = Omit<CapacitySource, 'source'> & { source: S };

/** An IAM statement the capacity Lambda needs for a source type. */
export interface CapacityStatement {
  actions: string[];
  resources: string[];
  /** Why a `*` resource is unavoidable (the cdk-nag suppression's reason); required with `*`. */
  wildcardReason?: string;
}

/** What the capacity Lambda's role needs to read one source. */
export interface CapacityIamNeeds {
  /** Secrets it reads (granted with the probes' secret grants: exact ARNs, or compacted). */
  secrets: SecretRef[];
  statements: CapacityStatement[];
}

/**
 * A claim only one source of a site may make (two node-exporter presets would both report cpu
 * and memory). `field` is the path below `source` the problem points at.
 */
export interface SiteClaim {
  key: string;
  field: string;
  message(site: string, otherIndex: number): string;
}

/**
 * Methods, not function properties: a descriptor of one spec type then fits a registry of
 * descriptors of any spec type (method parameters are compared both ways).
 */
export interface CapacitySourceDescriptor<S extends SourceSpecBase = SourceSpecBase, Raw = unknown> {
  readonly type: S['type'];
  /** The zod schema of the `source:` block: a strict object with `type: z.literal(<type>)`. */
  schema(kit: SourceSchemaKit): z.ZodType<Raw>;
  /** Raw (schema-checked) → spec, reporting what the schema cannot check through `ctx`. */
  resolve(raw: Raw, ctx: SourceConfigContext): S;
  /** A claim at most one source per site may make, if this spec makes one. */
  siteClaim?(spec: S): SiteClaim | undefined;
  /**
   * Resources this spec discovers at run time (a node-exporter preset finds its filesystems and
   * network devices when the exporter answers): the typical set, for the cost estimate, and a
   * sign for the dashboards to chart the site with a search. Undefined: only what it declares.
   */
  discoversResources?(spec: S): readonly string[] | undefined;
  /**
   * Reads one source through the I/O port: fetches, then turns the payload into one result per
   * resource (pure parsing). Throws when the source as a whole cannot be read.
   */
  read(source: SourceOf<S>, io: CapacitySourceIo): Promise<SourceReadout>;
  /** What the capacity Lambda's role needs to read this source. */
  iam(spec: S): CapacityIamNeeds;
  /**
   * The host this spec reaches over the network (an exporter's or endpoint's address), so the
   * config can tell a private source (one that needs the VPC) from a public one; undefined when
   * it reaches only AWS APIs (cloudwatch), which need no placement of their own.
   */
  networkHost(spec: S): string | undefined;
}

/** The host name or address of a URL, brackets kept off IPv6 literals; undefined when it does not parse. */
export function hostOfUrl(url: string): string | undefined {
  try {
    const host = new URL(url.trim()).hostname.replace(/^\[(.*)\]$/, '$1');
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

export const NO_IAM_NEEDS: CapacityIamNeeds = { secrets: [], statements: [] };
