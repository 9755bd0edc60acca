import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A loopback stand-in for the CloudWatch and SNS APIs, for running a bundled handler with
 * AWS_ENDPOINT_URL_CLOUDWATCH / AWS_ENDPOINT_URL_SNS pointing here. It records every request and
 * answers the way the services do for the SDK clients in package.json:
 * - CloudWatch speaks AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`);
 * - SNS speaks the AWS Query protocol (form-encoded `Action=Publish&…`, XML answers).
 */

export interface RecordedRequest {
  service: 'cloudwatch' | 'sns';
  operation: string;
  /** Parsed body: JSON for CloudWatch, form fields for SNS. */
  body: Record<string, unknown>;
}

export interface FakeAws {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeAws(): Promise<FakeAws> {
  const requests: RecordedRequest[] = [];
  let published = 0;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.startsWith('GraniteServiceVersion20100801.')) {
        requests.push({ service: 'cloudwatch', operation: target.split('.')[1]!, body: JSON.parse(raw || '{}') as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fake' });
        res.end('{}');
        return;
      }
      const form = Object.fromEntries(new URLSearchParams(raw));
      if (form.Action === 'Publish') {
        requests.push({ service: 'sns', operation: 'Publish', body: form });
        published++;
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>fake-${published}</MessageId></PublishResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></PublishResponse>`,
        );
        return;
      }
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`fake-aws: unsupported request ${target || form.Action || req.url}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  // The SDK gzips large PutMetricData bodies (request compression).
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}
