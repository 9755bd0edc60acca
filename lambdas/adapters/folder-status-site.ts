import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SiteFile } from '../core/status/render';
import type { StatusSite } from '../ports';

/**
 * Writes the status site into a folder (`pantau status-page --out DIR`, the demo). Each file is
 * written beside its place and renamed over it, so a browser reloading mid-write never sees half a page.
 */
export class FolderStatusSite implements StatusSite {
  constructor(private readonly folder: string) {}

  async publish(files: SiteFile[]): Promise<number> {
    for (const file of files) {
      const path = join(this.folder, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(`${path}.tmp`, file.body, 'utf8');
      await rename(`${path}.tmp`, path);
    }
    return files.length;
  }
}
