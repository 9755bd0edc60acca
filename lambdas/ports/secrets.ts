import type { SecretRef } from '../core/types';

/**
 * Turns a `secretHeaders` reference into its value (SSM / Secrets Manager in AWS, environment
 * variables in the CLI). A plain function type, so a cycle takes one without loading any SDK.
 */
export type SecretResolver = (ref: SecretRef) => Promise<string>;

/**
 * Resolves secret headers into literal header values: the one place for both the probes (a
 * target's secretHeaders) and capacity (an http-json source's). Without a resolver, a secret
 * header is an error naming it; with none to resolve, no resolver is needed.
 */
export async function resolveSecretHeaders(
  holder: { secretHeaders?: Record<string, SecretRef> },
  resolve: SecretResolver | undefined,
): Promise<Record<string, string>> {
  const refs = Object.entries(holder.secretHeaders ?? {});
  if (refs.length === 0) return {};
  if (!resolve) throw new Error(`header ${refs[0]![0]} needs a secret, and no secret resolver is configured`);
  const entries = await Promise.all(refs.map(async ([header, ref]) => [header, await resolve(ref)] as const));
  return Object.fromEntries(entries);
}
