import type { CapacitySource, CapacitySourceSpec, CapacitySourceType } from '../types';
import type { CapacityIamNeeds, CapacitySourceDescriptor, CapacityStatement, SourceSpecBase } from './descriptor';
import { cloudWatchSource } from './cloudwatch';
import { httpJsonSource } from './http-json';
import { prometheusSource } from './prometheus';

/**
 * The capacity source types, by `type`. The config loader, the capacity cycle and the CDK
 * construct take a registry as an optional parameter (default: this one), so a test can add a
 * type without touching the shipped ones.
 */

/** Any registry: a type name → its descriptor (tests may hold types the union lacks). */
export type CapacitySourceRegistry = Readonly<Record<string, CapacitySourceDescriptor<SourceSpecBase>>>;

/** One descriptor per member of CapacitySourceType, each for its own spec: a missing or extra entry fails to compile. */
type CompleteRegistry = { readonly [T in CapacitySourceType]: CapacitySourceDescriptor<Extract<CapacitySourceSpec, { type: T }>> };

export const CAPACITY_SOURCES = {
  prometheus: prometheusSource,
  'http-json': httpJsonSource,
  cloudwatch: cloudWatchSource,
} as const satisfies CompleteRegistry;

/** The descriptor of a source type; an unknown type is a bug (the config only admits registered types). */
export function descriptorFor(type: string, registry: CapacitySourceRegistry = CAPACITY_SOURCES): CapacitySourceDescriptor {
  const descriptor = registry[type];
  if (!descriptor) throw new Error(`capacity source type ${JSON.stringify(type)} is not registered`);
  return descriptor;
}

/**
 * What the capacity Lambda's role needs for these sources: every secret they name, and each
 * distinct statement once (ten cloudwatch sources need one GetMetricData statement).
 */
export function capacityIamNeeds(sources: readonly CapacitySource[], registry: CapacitySourceRegistry = CAPACITY_SOURCES): CapacityIamNeeds {
  const secrets: CapacityIamNeeds['secrets'] = [];
  const statements = new Map<string, CapacityStatement>();
  for (const source of sources) {
    const needs = descriptorFor(source.source.type, registry).iam(source.source);
    secrets.push(...needs.secrets);
    for (const statement of needs.statements) statements.set(JSON.stringify(statement), statement);
  }
  return { secrets, statements: [...statements.values()] };
}
