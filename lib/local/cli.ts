import { endpointCostLine } from '../constructs/vpc-plan';
import { observabilityCostLine } from '../dashboards/cost';
import { estimateCost, totalCostLine } from '../cost/model';
import { DEFAULTS } from '../../lambdas/contracts/defaults';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type ParseOptions } from '../config/load';
import { customMetricCount, formatMetricCount } from '../config/metric-count';
import { formatPlanSummary } from '../../lambdas/core/schedule/shard-plan';
import { allShards } from '../../lambdas/core/schedule/fleet-plan';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { capacityCommand } from './capacity';
import { checkCommand } from './check';
import { addDashboardCommand } from './dashboard-cli';
import { registerCost } from './cost';
import { registerImport } from './import/importer';
import { registerCatalogue } from './catalogue';
import { demoCommand } from './demo';
import { watchCommand } from './watch';
import { patrolCommand } from './patrol';
import { patrolAcceptCommand } from './patrol-accept';
import { ACCEPTABLE_FINDINGS } from '../../lambdas/core/patrol/accept';
import { registerOnCallCommands } from './oncall/register';
import { statusPageCommand } from './status-page';
import { UsageError } from './usage-error';
import { LocalStoreError } from '../../lambdas/adapters/local-dynamo';

/**
 * The local CLI (`npm start -- <command>`, bin name `pantau`). Exit codes: 0 all up, 1 something
 * down, 2 bad config or usage. Errors print one clear line each, never a stack trace.
 */

export const DEFAULT_CONFIG = 'config/pantau.config.yaml';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

/** The same range as the config's `concurrency` (docs/config.md). */
function concurrencyValue(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('expected a whole number 1–1000 (checks in flight at once)');
  return n;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return n;
}

function load(file: string | undefined, opts: ParseOptions = {}): ResolvedConfig {
  return loadConfig(file ?? process.env.PANTAU_CONFIG ?? DEFAULT_CONFIG, opts);
}

/** check, watch and capacity run in their own loop, not in the probe Lambda: shard budgets do not apply. */
const LOCAL_RUN: ParseOptions = { shardBudgets: false };
const STORE_ENDPOINT_HELP =
  'use the DynamoDB at this URL instead of the embedded one: a dynalite / DynamoDB Local on loopback (shared by several --region processes; the table is created if missing) or the deployed table (your AWS credentials; never created)';
const REPAIR_HELP = 'with --store: rebuild a damaged store folder from what can be read (LevelDB repair) before opening it';
const TABLE_HELP = 'table at --store-endpoint (default: pantau-local on loopback, <project>-state elsewhere)';
const REGION_HELP = 'probe region recorded with the results; with --store-endpoint quorum counts it with the config\'s regions';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('pantau')
    .description('Uptime and data-centre capacity monitor for KPU public applications (local runner)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('check')
    .description('probe every target once, store the results locally and print them')
    .option('-c, --config <file>', `config file (default: ${DEFAULT_CONFIG})`)
    .option('--json', 'one JSON object per result instead of the table')
    .option('--only <ids>', 'comma-separated target ids to check')
    .option('--concurrency <n>', "checks in flight at once for this run (1–1000; default: the config's concurrency)", concurrencyValue)
    .option('--store <dir>', 'keep the embedded DynamoDB on disk in this folder (default: in memory)')
    .option('--repair-store', REPAIR_HELP)
    .option('--store-endpoint <url>', STORE_ENDPOINT_HELP)
    .option('--table <name>', TABLE_HELP)
    .option('--region <name>', REGION_HELP, 'local')
    .action(async (opts) => {
      const { exitCode } = await checkCommand(load(opts.config, LOCAL_RUN), opts);
      setExit(exitCode);
    });

  const patrol = program
    .command('patrol')
    .description('run the security patrol once (http, tls, dns targets) and print its findings; exit 1 when one pages')
    .option('-c, --config <file>', `config file (default: ${DEFAULT_CONFIG})`)
    .option('--json', 'one JSON object per finding instead of the table')
    .option('--only <ids>', 'comma-separated target ids to patrol')
    .option('--store <dir>', 'keep the embedded DynamoDB on disk in this folder, so baselines learned carry over')
    .action(async (opts) => {
      const { exitCode } = await patrolCommand(load(opts.config, LOCAL_RUN), opts);
      setExit(exitCode);
    });
  patrol
    .command('accept <target>')
    .description('accept a new certificate, a redesigned page or moved name servers: the baseline is learned again now and the open finding resolves')
    .option('--finding <kind>', `only this finding's baseline: ${ACCEPTABLE_FINDINGS.join(', ')} (default: all the target has)`)
    .option('-c, --config <file>', `config file (default: ${DEFAULT_CONFIG})`)
    .option('--store <dir>', 'the --store folder of check/watch whose baselines to change')
    .option('--store-endpoint <url>', STORE_ENDPOINT_HELP)
    .option('--table <name>', TABLE_HELP)
    .option('--region <name>', REGION_HELP, 'local')
    .action(async (id: string, _opts, command: Command) => {
      // `patrol` has the same --config/--store options: given after `accept`, either may take them.
      const opts = command.optsWithGlobals();
      const { exitCode } = await patrolAcceptCommand(load(opts.config, LOCAL_RUN), id, opts);
      setExit(exitCode);
    });

  program
    .command('watch')
    .description('probe every target on its interval until Ctrl-C, printing alerts as they fire')
    .option('-c, --config <file>', `config file (default: ${DEFAULT_CONFIG})`)
    .option('--only <ids>', 'comma-separated target ids to watch')
    .option('--store <dir>', 'keep the embedded DynamoDB on disk in this folder (default: in memory)')
    .option('--repair-store', REPAIR_HELP)
    .option('--store-endpoint <url>', STORE_ENDPOINT_HELP)
    .option('--table <name>', TABLE_HELP)
    .option('--region <name>', REGION_HELP, 'local')
    .option('--cycles <n>', 'stop after N probe cycles', positiveInt)
    .option('--alerts-jsonl <file>', 'also append each alert to this file as one JSON object per line')
    .option('--metrics-port <port>', 'serve the latest results in Prometheus format (blackbox_exporter names) at /metrics on this port', portNumber)
    .option('--metrics-host <address>', 'address the metrics endpoint binds', '127.0.0.1')
    .action(async (opts) => {
      const { exitCode } = await watchCommand(load(opts.config, LOCAL_RUN), opts);
      setExit(exitCode);
    });

  program
    .command('capacity')
    .description('read every data-centre capacity source once and print utilisation, headroom and forecast')
    .option('-c, --config <file>', `config file (default: ${DEFAULT_CONFIG})`)
    .option('--json', 'one JSON object per reading instead of the table')
    .option('--store <dir>', 'keep the embedded DynamoDB on disk in this folder, so repeated runs build forecast history')
    .action(async (opts) => {
      const { exitCode } = await capacityCommand(load(opts.config, LOCAL_RUN), opts);
      setExit(exitCode);
    });

  program
    .command('status-page')
    .description('render the public status page (index.html in Bahasa Indonesia, en/index.html, status.json) from the store into a folder')
    .option('-c, --config <file>', `config file (default: ${DEFAULT_CONFIG})`)
    .option('--out <dir>', 'folder to write the page into')
    .option('--store <dir>', 'the embedded DynamoDB folder that check / watch kept (default: an empty store)')
    .option('--store-endpoint <url>', STORE_ENDPOINT_HELP)
    .option('--table <name>', TABLE_HELP)
    .action(async (opts) => setExit((await statusPageCommand(load(opts.config, LOCAL_RUN), opts)).exitCode));

  program
    .command('demo', { isDefault: false })
    .description('the self-contained demo (also what `npm start` runs with no command): a simulated KPU fleet on 127.0.0.1')
    .option('--seconds <n>', 'how long to watch the fleet (the scenario scales with it)', positiveInt, 60)
    .action(async (opts) => {
      const { exitCode } = await demoCommand({ seconds: opts.seconds });
      setExit(exitCode);
    });

  addDashboardCommand(program, (file) => load(file, LOCAL_RUN), setExit, { configDefault: DEFAULT_CONFIG, storeEndpoint: STORE_ENDPOINT_HELP, table: TABLE_HELP });

  program
    .command('validate')
    .description('validate the config file and print a summary')
    .option('-c, --config <file>', `config file (default: ${DEFAULT_CONFIG})`)
    .action((opts) => {
      const config = load(opts.config);
      const apps = new Set(config.targets.map((t) => t.app));
      process.stdout.write(
        `config OK: ${config.targets.length} targets in ${apps.size} apps, regions ${config.regions.join(', ')}\n`,
      );
      const unconfirmed = config.targets.filter((t) => t.unconfirmed).length;
      if (unconfirmed > 0) process.stdout.write(`${unconfirmed} targets unconfirmed (URL from a naming rule, never seen answering)\n`);
      process.stdout.write(`${formatMetricCount(customMetricCount(config))}\n`);
      process.stdout.write(`${formatPlanSummary(allShards(config))}\n`);
      const endpoints = endpointCostLine(config);
      if (endpoints) process.stdout.write(`${endpoints}\n`);
      process.stdout.write(`${observabilityCostLine(config)}\n`);
      process.stdout.write(`${totalCostLine(estimateCost(config, DEFAULTS.functionMemoryMb))}\n`);
      setExit(0);
    });

  registerCost(program, (file) => load(file), positiveInt, setExit);
  registerImport(program, setExit);
  registerCatalogue(program, setExit);
  registerOnCallCommands(program, { load: (file) => load(file, LOCAL_RUN), setExit, configHelp: `config file (default: ${DEFAULT_CONFIG})` });

  return program;
}

/** Runs the CLI and returns the exit code (the bin sets process.exitCode from it). */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    // No command at all: the demo, so a newcomer's first `npm start` shows Pantau working.
    await program.parseAsync(argv.length === 0 ? ['demo'] : argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are "errors" to commander; they are successes to the user.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || err instanceof LocalStoreError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
