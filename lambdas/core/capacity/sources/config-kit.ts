import type { z } from 'zod';
import type { SecretRef } from '../../types';
import type { CapacityUnit } from '../types';

/**
 * The config loader's building blocks, handed to a source type's `schema` and `resolve`. Handed in
 * rather than imported: the core imports nothing from the config loader, and the capacity Lambda,
 * which bundles the source types for their `read`, bundles neither zod nor the config validators
 * (only `import type` of zod appears here).
 */

export type PathStep = string | number;
/** Reports a problem at a path below the value being checked. */
export type Report = (message: string, path?: PathStep[]) => void;
/** A single-value check: the problem ("… — fix"), or null when the value is fine. */
export type ValueCheck = (value: string) => string | null;

export interface SourceSchemaKit {
  z: typeof z;
  /** A strict object (an unknown key is an error) whose field names feed "did you mean …?". */
  strict<T extends z.core.$ZodLooseShape>(shape: T): z.ZodObject<T, z.core.$strict>;
  /** A value checked by hand, reporting problems with exact sub-paths. */
  custom<T>(fn: (value: unknown, report: Report) => T): z.ZodType<T>;
  /** Runs a schema inside `custom`, forwarding its problems with their sub-paths. */
  forward<S extends z.ZodType>(schema: S, value: unknown, report: Report): z.output<S> | undefined;
  /** A string checked by a ValueCheck. */
  checked(check: ValueCheck): z.ZodString;
  /** A duration ("5m") in ms, at least `min`, at most the named limit. */
  duration(opts: { min?: number; limit?: 'cloudwatchPeriod' }): z.ZodType<number>;
  nonEmpty: z.ZodString;
  /** Text a YAML file may type as a number or a boolean. */
  scalarText: z.ZodType<string>;
  headerMap: z.ZodType<Record<string, string>>;
  secretHeaderMap: z.ZodType<Record<string, SecretRef>>;
  capacityUnit: z.ZodType<CapacityUnit>;
  checks: { httpUrl: ValueCheck; region: ValueCheck; jmesPath: ValueCheck; labelMatcher: ValueCheck };
}

/** Helpers for a source type's `resolve` (the checks a schema cannot express). */
export interface SourceConfigContext {
  /** The source's site (secret-header fixes suggest a parameter name under it). */
  site: string;
  /** Reports a problem at a path below `source` (e.g. ['resources', 2, 'period']). */
  problem(at: PathStep[], message: string): void;
  formatDuration(ms: number): string;
  /** True when a literal header looks like a credential (it belongs in secretHeaders). */
  looksSecret(name: string, value: string): boolean;
  /** The message telling the operator to move an inline secret header to secretHeaders. */
  secretHeaderFix(name: string, owner: string): string;
}

/** A resource reads `used` or `free`: never both, never neither. */
export function checkUsedOrFree(used: unknown, free: unknown, at: Array<string | number>, ctx: SourceConfigContext): void {
  if (used === undefined && free === undefined) ctx.problem(at, 'has neither used nor free — give one of them (and total)');
  if (used !== undefined && free !== undefined) ctx.problem([...at, 'free'], 'is given together with used — give used or free, not both');
}
