import type { Command } from 'commander';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { dashboardBodies } from '../dashboards/bodies';
import { dashboardCommand } from './dashboard';
import { storeOptionsOf } from './runtime';

/** `pantau dashboard`: its flags, registered on the CLI program (lib/local/cli.ts). */
export function addDashboardCommand(
  program: Command,
  load: (file: string | undefined) => ResolvedConfig,
  setExit: (code: number) => void,
  help: { configDefault: string; storeEndpoint: string; table: string },
): void {
  program
    .command('dashboard')
    .description('write each CloudWatch dashboard body (<name>.json) and index.html, a preview drawn from the local store that works offline')
    .requiredOption('--out <dir>', 'folder to write the bodies, index.html and its scripts into (created if missing)')
    .option('-c, --config <file>', `config file (default: ${help.configDefault})`)
    .option('--store <dir>', 'read the embedded DynamoDB a `watch --store <dir>` kept on disk (without it the store is empty, and the page says so)')
    .option('--store-endpoint <url>', help.storeEndpoint)
    .option('--table <name>', help.table)
    .option('--account <id>', 'AWS account in the alarm ARNs of the bodies (default: $CDK_DEFAULT_ACCOUNT, else 000000000000)')
    .action(async (opts) => {
      const { exitCode } = await dashboardCommand(load(opts.config), dashboardBodies, { ...storeOptionsOf(opts), out: opts.out, account: opts.account });
      setExit(exitCode);
    });
}
