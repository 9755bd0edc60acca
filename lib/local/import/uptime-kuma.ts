import { importUptimeKuma } from '../../interop/uptime-kuma';
import type { Importer } from './importer';
import { readSource } from './read-source';

/** `pantau import uptime-kuma backup.json`: an Uptime Kuma JSON backup's `monitorList`. */
export const uptimeKumaImporter: Importer = {
  tool: 'uptime-kuma',
  description: 'an Uptime Kuma JSON backup (Settings → Backup → Export)',
  run: (file) => importUptimeKuma(readSource(file)),
};
