import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_CONFIG_FILE } from '../contracts/bundle';
import { ENV } from '../contracts/env';
import type { ResolvedConfig } from '../core/config';

/**
 * The validated config travels with the Lambda code: the CDK app writes the ResolvedConfig as
 * `pantau-config.json` into each function's bundle at synth time. Schedules then carry only a
 * shard id and its target ids (EventBridge inputs are capped at 8 KB, far less than a shard of
 * full target specs), and the Lambda bundle needs no YAML or schema library.
 */

let cached: ResolvedConfig | undefined;

export function loadBundledConfig(env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  if (!cached) {
    const path = env[ENV.configPath] ?? join(__dirname, BUNDLED_CONFIG_FILE);
    cached = JSON.parse(readFileSync(path, 'utf8')) as ResolvedConfig;
  }
  return cached;
}

/** For tests that load several configs in one process. */
export function resetBundledConfig(): void {
  cached = undefined;
}
