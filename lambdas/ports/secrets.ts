import type { SecretRef, TargetSpec } from '../core/types';

/**
 * Turns a `secretHeaders` reference into its value (SSM / Secrets Manager in AWS, environment
 * variables in the CLI). A plain function type, so a cycle takes one without loading any SDK.
 */
export type SecretResolver = (ref: SecretRef) => Promise<string>;

/** Resolves all secret headers of a target into literal header values. */
export async function resolveSecretHeaders(target: TargetSpec, resolve: SecretResolver): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(target.secretHeaders).map(async ([header, ref]) => [header, await resolve(ref)] as const),
  );
  return Object.fromEntries(entries);
}
