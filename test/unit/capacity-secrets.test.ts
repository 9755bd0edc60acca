import { describe, expect, it } from 'vitest';
import { envSecretResolver, resolveSecretHeaders } from '../../lambdas/adapters/secrets';
import { makeTarget } from '../support/config-fixture';

/** One resolver of secret headers for the probes (a target) and capacity (an http-json source). */
describe('resolveSecretHeaders', () => {
  const resolver = envSecretResolver({ PANTAU_SECRET_PANTAU_DCIM_TOKEN: 'Bearer d', PANTAU_SECRET_PANTAU_WEB_KEY: 'k' });

  it('resolves a target\'s and a capacity source\'s secret headers alike', async () => {
    const target = makeTarget({ id: 'web', url: 'https://x.example/', secretHeaders: { 'x-api-key': { ssm: '/pantau/web/key' } } });
    expect(await resolveSecretHeaders(target, resolver)).toEqual({ 'x-api-key': 'k' });
    expect(await resolveSecretHeaders({ secretHeaders: { authorization: { ssm: '/pantau/dcim/token' } } }, resolver)).toEqual({ authorization: 'Bearer d' });
  });

  it('needs no resolver when there is nothing to resolve, and names the header when one is missing', async () => {
    expect(await resolveSecretHeaders({}, undefined)).toEqual({});
    await expect(resolveSecretHeaders({ secretHeaders: { authorization: { ssm: '/x' } } }, undefined)).rejects.toThrow(
      'header authorization needs a secret, and no secret resolver is configured',
    );
    await expect(resolveSecretHeaders({ secretHeaders: { authorization: { ssm: '/pantau/none' } } }, resolver)).rejects.toThrow('secret ssm:/pantau/none not set');
  });
});
