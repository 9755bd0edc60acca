import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, HttpRequest, SourceData } from '@smithy/types';
import type { SiteFile } from '../core/status/render';
import type { StatusSite } from '../ports';

export interface S3SiteOptions {
  bucket: string;
  region: string;
  credentials: () => Promise<AwsCredentialIdentity>;
  /** Path-style endpoint instead of the bucket's own host (tests: a loopback stand-in). */
  endpoint?: string;
}

/**
 * Publishes the status site to its S3 bucket: one signed PutObject per file, each with its
 * Content-Type and Cache-Control (what CloudFront and browsers cache by).
 *
 * A SigV4-signed PUT with the signer the AWS SDK itself uses: four small objects a minute do not
 * need the S3 client package (not a dependency of this project; the function bundle stays small).
 */
export class S3StatusSite implements StatusSite {
  private readonly signer: SignatureV4;

  constructor(private readonly options: S3SiteOptions) {
    this.signer = new SignatureV4({
      service: 's3',
      region: options.region,
      credentials: options.credentials,
      sha256: NodeSha256,
      // S3 signs the path as sent, not encoded twice.
      uriEscapePath: false,
    });
  }

  async publish(files: SiteFile[]): Promise<number> {
    await Promise.all(files.map((file) => this.put(file)));
    return files.length;
  }

  private async put(file: SiteFile): Promise<void> {
    const url = this.objectUrl(file.path);
    const body = Buffer.from(file.body, 'utf8');
    const request: HttpRequest = {
      method: 'PUT',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': file.contentType,
        'cache-control': file.cacheControl,
        'content-length': String(body.length),
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
      body,
    };
    const signed = await this.signer.sign(request);
    const response = await fetch(url, { method: 'PUT', headers: signed.headers, body });
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      throw new Error(`S3 PutObject ${file.path} failed: HTTP ${response.status} ${detail}`);
    }
  }

  private objectUrl(key: string): URL {
    if (this.options.endpoint) return new URL(`${this.options.endpoint.replace(/\/$/, '')}/${this.options.bucket}/${key}`);
    return new URL(`https://${this.options.bucket}.s3.${this.options.region}.amazonaws.com/${key}`);
  }
}

/** The Lambda's role credentials, which the runtime puts in the environment. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): () => Promise<AwsCredentialIdentity> {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set');
    return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
  };
}

/** SHA-256 (HMAC-SHA-256 with a secret) in the shape the signer asks for, from node:crypto. */
class NodeSha256 {
  private readonly hash;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytesOf(data: SourceData): Buffer | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
