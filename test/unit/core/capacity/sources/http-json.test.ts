import { describe, expect, it } from 'vitest';
import { httpJsonSource } from '../../../../../lambdas/core/capacity/sources/http-json';
import { DEFAULT_THRESHOLDS } from '../../../../../lambdas/core/capacity/levels';
import type { HttpJsonSource } from '../../../../../lambdas/core/capacity/types';
import { fakeIo } from './fake-io';

const spec: HttpJsonSource = {
  type: 'http-json',
  url: 'https://dcim.example/api/power',
  headers: { 'x-client': 'pantau', authorization: 'overridden' },
  secretHeaders: { authorization: { ssm: '/pantau/dcim/token' } },
  resources: [
    { name: 'pdu-a', unit: 'watts', used: 'power.drawW', total: 'power.ratingW' },
    { name: 'rack-space', unit: 'units', free: 'racks.freeU', total: 42 },
  ],
};
const source = { id: 'DC-J/0', site: 'DC-J', intervalMs: 60_000, timeoutMs: 2_000, severity: 'high' as const, thresholds: DEFAULT_THRESHOLDS, lookbackMs: null, source: spec };

describe('http-json source type', () => {
  it('resolves secret headers through the port (they win over literal ones), fetches JSON, reads each resource, then loads histories', async () => {
    const io = fakeIo({ json: { power: { drawW: 6400, ratingW: 8000 }, racks: { freeU: 'nan' } }, secrets: { authorization: 'Bearer s3cret' } });
    const out = await httpJsonSource.read(source, io);
    expect(io.calls).toEqual(['secretHeaders authorization', 'fetchJson https://dcim.example/api/power', 'history pdu-a', 'history rack-space']);
    expect(io.requests[0]!.request).toEqual({ timeoutMs: 2_000, headers: { 'x-client': 'pantau', authorization: 'Bearer s3cret' } });
    expect(out.ts).toBe('2026-12-01T00:00:00.000Z');
    expect(out.results[0]).toMatchObject({ ok: true, reading: { used: 6400, total: 8000, utilisation: 80 } });
    expect(out.results[1]).toEqual({ ok: false, resource: 'rack-space', reason: 'rack-space: free is NaN ("racks.freeU") in the response' });
    expect([...out.histories.keys()]).toEqual(['pdu-a', 'rack-space']);
  });

  it('needs exactly the secrets its headers name, and no other statement', () => {
    expect(httpJsonSource.iam(spec)).toEqual({ secrets: [{ ssm: '/pantau/dcim/token' }], statements: [] });
    expect(httpJsonSource.iam({ ...spec, secretHeaders: undefined })).toEqual({ secrets: [], statements: [] });
  });
});
