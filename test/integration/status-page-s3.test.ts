import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3StatusSite } from '../../lambdas/adapters/s3-status-site';
import { PAGE_CACHE_CONTROL, type SiteFile } from '../../lambdas/core/status/render';

/** The S3 site adapter against a loopback stand-in of S3: what each PutObject carries. */

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let received: Received[] = [];
let status = 200;
let endpoint: string;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(status, { 'content-type': 'application/xml' }).end(status === 200 ? '' : '<Error><Code>AccessDenied</Code></Error>');
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const site = () =>
  new S3StatusSite({
    bucket: 'pantau-status-site',
    region: 'ap-southeast-3',
    endpoint,
    credentials: async () => ({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' }),
  });

const file = (path: string, body: string): SiteFile => ({ path, body, contentType: 'text/html; charset=utf-8', cacheControl: PAGE_CACHE_CONTROL });

describe('the S3 status site', () => {
  it('puts each file, signed, with its type and cache headers', async () => {
    received = [];
    status = 200;
    expect(await site().publish([file('index.html', '<p>Normal</p>'), file('en/index.html', '<p>Operational</p>')])).toBe(2);
    expect(received.map((r) => [r.method, r.url, r.body]).sort()).toEqual([
      ['PUT', '/pantau-status-site/en/index.html', '<p>Operational</p>'],
      ['PUT', '/pantau-status-site/index.html', '<p>Normal</p>'],
    ]);
    for (const r of received) {
      expect(r.headers['cache-control']).toBe(PAGE_CACHE_CONTROL);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/\d{8}\/ap-southeast-3\/s3\/aws4_request, SignedHeaders=.*content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
      expect(r.headers['x-amz-security-token']).toBe('session');
      expect(r.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('fails with S3\'s answer when a put is refused', async () => {
    status = 403;
    await expect(site().publish([file('index.html', 'x')])).rejects.toThrow(/S3 PutObject index.html failed: HTTP 403 .*AccessDenied/);
  });
});
