import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretRef } from '../core/types';
import type { SecretResolver } from '../ports/secrets';

/**
 * Resolves `secretHeaders` references. Secrets never sit in the config or the schedule input:
 * the config names an SSM SecureString or a Secrets Manager secret, and the probe reads it at run
 * time (cached for the life of the Lambda container).
 */

export type { SecretResolver };
export { resolveSecretHeaders } from '../ports/secrets';

export function refLabel(ref: SecretRef): string {
  return 'ssm' in ref ? `ssm:${ref.ssm}` : `secretsManager:${ref.secretsManager}${ref.jsonKey ? `#${ref.jsonKey}` : ''}`;
}

/** AWS resolver: SSM GetParameter (decrypted) or Secrets Manager GetSecretValue (+ JSON key). */
export function awsSecretResolver(
  ssm: SSMClient = new SSMClient({}),
  sm: SecretsManagerClient = new SecretsManagerClient({}),
): SecretResolver {
  return async (ref) => {
    if ('ssm' in ref) {
      const out = await ssm.send(new GetParameterCommand({ Name: ref.ssm, WithDecryption: true }));
      return out.Parameter?.Value ?? '';
    }
    const out = await sm.send(new GetSecretValueCommand({ SecretId: ref.secretsManager }));
    const raw = out.SecretString ?? '';
    return ref.jsonKey ? String((JSON.parse(raw) as Record<string, unknown>)[ref.jsonKey] ?? '') : raw;
  };
}

/**
 * Local resolver for the CLI (no AWS account): the value comes from an environment variable
 * named after the reference, e.g. `{ ssm: /pantau/sirekap/token }` -> PANTAU_SECRET_PANTAU_SIREKAP_TOKEN.
 */
export function envVarForRef(ref: SecretRef): string {
  const name = 'ssm' in ref ? ref.ssm : `${ref.secretsManager}${ref.jsonKey ? `_${ref.jsonKey}` : ''}`;
  return `PANTAU_SECRET_${name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase()}`;
}

export function envSecretResolver(env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return async (ref) => {
    const name = envVarForRef(ref);
    const value = env[name];
    if (value === undefined) throw new Error(`secret ${refLabel(ref)} not set: export ${name}=…`);
    return value;
  };
}

/** Caches resolved values; a failed lookup is not cached, so the next run retries it. */
export function cachingResolver(inner: SecretResolver): SecretResolver {
  const cache = new Map<string, Promise<string>>();
  return (ref) => {
    const key = refLabel(ref);
    let hit = cache.get(key);
    if (!hit) {
      hit = inner(ref);
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };
}
