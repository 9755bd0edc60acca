import { join, resolve } from 'node:path';
import { DynamoIncidentNotes } from '../../lambdas/adapters/dynamo/incident-notes';
import type { DynamoStore } from '../../lambdas/adapters/dynamo-store';
import { FolderStatusSite } from '../../lambdas/adapters/folder-status-site';
import { runStatusPage, type StatusPageReport } from '../../lambdas/app/status-page-cycle';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { TEXT } from '../../lambdas/core/status/text';
import { startLocalRuntime, stderrLog, storeOptionsOf, type StoreFlags } from './runtime';
import { UsageError } from './usage-error';

/**
 * `pantau status-page --out DIR`: the public status page the Lambda publishes, rendered from the
 * local store (or the deployed table, with --store-endpoint) into a folder: index.html (Bahasa
 * Indonesia) and status.json at the top, English at en/index.html.
 */

export interface StatusPageFlags extends StoreFlags {
  out?: string;
}

export async function statusPageCommand(config: ResolvedConfig, flags: StatusPageFlags): Promise<{ exitCode: number }> {
  if (!flags.out) throw new UsageError('--out: required — the folder to write index.html and status.json into, e.g. --out status-page');
  const runtime = await startLocalRuntime(config, storeOptionsOf(flags));
  try {
    const report = await writeStatusPage(config, runtime.store, flags.out);
    process.stdout.write(`${statusPageLine(report, flags.out)}\n`);
    return { exitCode: 0 };
  } finally {
    await runtime.close();
  }
}

/** Renders the page from `store` into `folder` (the command and the demo). */
export function writeStatusPage(config: ResolvedConfig, store: DynamoStore, folder: string): Promise<StatusPageReport> {
  return runStatusPage(config, { store, notes: new DynamoIncidentNotes(store), site: new FolderStatusSite(folder), log: stderrLog });
}

/** "status page: /abs/index.html — 9 apps, Semua layanan beroperasi normal (English: …/en/index.html)". */
export function statusPageLine(report: StatusPageReport, folder: string): string {
  const top = resolve(folder);
  const { model } = report;
  return `status page: ${join(top, 'index.html')} — ${model.apps.length} apps, ${TEXT.id.overall[model.overall]} (English: ${join(top, 'en', 'index.html')}; data: ${join(top, 'status.json')})`;
}
