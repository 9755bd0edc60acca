import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetBundledConfig } from '../../lambdas/adapters/bundled-config';
import type { ResolvedConfig } from '../../lambdas/core/config';

/**
 * Prepares process.env the way a deployed handler module sees it: the config as the bundled
 * `pantau-config.json` (PANTAU_CONFIG_PATH), the table name, the home region, DynamoDB through a
 * local endpoint (dynalite) with dummy credentials, quiet logs; `extra` adds topic ARNs etc.
 */
export function useHandlerEnv(config: ResolvedConfig, options: { table: string; dynamoEndpoint: string; extra?: Record<string, string> }): void {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-handler-'));
  writeFileSync(join(dir, 'pantau-config.json'), JSON.stringify(config));
  Object.assign(process.env, {
    PANTAU_CONFIG_PATH: join(dir, 'pantau-config.json'),
    TABLE_NAME: options.table,
    HOME_REGION: config.homeRegion,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: config.homeRegion,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...options.extra,
  });
  resetBundledConfig();
}
