import { z } from 'zod';
import { CAPACITY_SOURCES, type CapacitySourceRegistry } from '../../lambdas/core/capacity/sources/registry';
import type { SourceSchemaKit } from '../../lambdas/core/capacity/sources/config-kit';
import { DURATION_LIMITS } from './limits';
import { checkHttpUrl, checkId, checkJmesPath, checkLabelMatcher, checkRegion } from './validators';
import { strict, custom, forward, checked, duration, nonEmpty, severity, scalarText, headerMap, secretHeaderMap, secretRef } from './schema-kit';

// ---------------------------------------------------------------------------------------------
// Capacity: the fields every source shares; each source type brings the schema of its own
// `source:` block (lambdas/core/capacity/sources), built from this kit.

const capacityUnit = z.enum(['bytes', 'percent', 'cores', 'bps', 'watts', 'units']);

export const sourceSchemaKit: SourceSchemaKit = {
  z,
  strict,
  custom,
  forward,
  checked,
  duration: ({ min, limit }) => duration({ ...(min !== undefined ? { min } : {}), ...(limit ? { max: DURATION_LIMITS[limit] } : {}) }),
  nonEmpty,
  scalarText,
  headerMap,
  secretHeaderMap: secretHeaderMap(secretRef),
  capacityUnit,
  checks: { httpUrl: checkHttpUrl, region: checkRegion, jmesPath: checkJmesPath, labelMatcher: checkLabelMatcher },
};

/** The `source:` block: one of the registered types, told apart by `type`. */
function capacitySourceSchema(registry: CapacitySourceRegistry) {
  const options = Object.values(registry).map((d) => d.schema(sourceSchemaKit));
  // Each descriptor's schema is a strict object with `type: z.literal(<its type>)` (its contract);
  // zod refuses an option without it on the first parse, so the cast only restates it for the compiler.
  return z.discriminatedUnion('type', options as unknown as [z.ZodObject<{ type: z.ZodLiteral<string> }>]);
}

function capacitySchemaOf(registry: CapacitySourceRegistry) {
  return strict({
    site: checked((v) => checkId(v, 'site name')),
    id: checked((v) => (/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/.test(v) ? null : `${JSON.stringify(v)} is not a valid id — use letters, digits, ".", "_", "/" or "-"`)).optional(),
    interval: duration({ min: 1_000, max: DURATION_LIMITS.capacityInterval }).optional(),
    timeout: duration({ max: DURATION_LIMITS.timeout }).optional(),
    severity: severity.optional(),
    warnPct: z.number().gt(0).lt(100).optional(),
    criticalPct: z.number().gt(0).max(100).optional(),
    forecastHours: z.number().positive().optional(),
    forecastAlerts: z.enum(['storage', 'all', 'none']).optional(),
    lookback: duration({ min: 60_000, max: DURATION_LIMITS.lookback }).optional(),
    /** Reached only inside the VPC (implied for private addresses and `vpc.privateZones` names). */
    private: z.boolean().optional(),
    source: capacitySourceSchema(registry),
  });
}

// Built when the module loads (not on first use): strict() records field names for "did you
// mean …?", and sections checked before capacity rely on the capacity fields being known.
export const capacitySchema = capacitySchemaOf(CAPACITY_SOURCES);
export type RawCapacity = z.output<typeof capacitySchema>;

const schemas = new WeakMap<CapacitySourceRegistry, typeof capacitySchema>([[CAPACITY_SOURCES, capacitySchema]]);

/** The capacity schema for a registry of source types (the shipped one unless a test brings its own). */
export function capacitySchemaFor(registry: CapacitySourceRegistry): typeof capacitySchema {
  let schema = schemas.get(registry);
  if (!schema) schemas.set(registry, (schema = capacitySchemaOf(registry)));
  return schema;
}
