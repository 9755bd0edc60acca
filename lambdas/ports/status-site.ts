import type { SiteFile } from '../core/status/render';

/** Where the rendered status page goes: the S3 bucket behind CloudFront, or a local folder. */
export interface StatusSite {
  /** Writes every file; returns how many were written. */
  publish(files: SiteFile[]): Promise<number>;
}
