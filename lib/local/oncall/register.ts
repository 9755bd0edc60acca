import type { Command } from 'commander';
import type { ResolvedConfig } from '../../../lambdas/core/config';
import type { OverrideKind } from '../../../lambdas/core/oncall/overrides';
import { ackCommand, noteCommand } from './ack';
import { incidentsCommand } from './incidents';
import { addOverride, listOverrides, removeOverride } from './overrides';

/**
 * The on-call commands (incidents, ack, note, silence, silences, unsilence, maintenance …), each
 * with --config and the store flags: the embedded store, a --store folder, or the deployed table
 * through --store-endpoint/--table with the operator's AWS credentials.
 */

export interface OnCallHooks {
  load(file: string | undefined): ResolvedConfig;
  setExit(code: number): void;
  configHelp: string;
}

const STORE_HELP = 'the --store folder of check/watch (the embedded DynamoDB on disk)';
const ENDPOINT_HELP = 'a running DynamoDB: a dynalite on loopback, or the deployed table (operator credentials)';
const TABLE_HELP = 'table at --store-endpoint (default: pantau-local on loopback, <project>-state elsewhere)';

function storeOptions(command: Command, hooks: OnCallHooks): Command {
  return command
    .option('-c, --config <file>', hooks.configHelp)
    .option('--store <dir>', STORE_HELP)
    .option('--store-endpoint <url>', ENDPOINT_HELP)
    .option('--table <name>', TABLE_HELP);
}

export function registerOnCallCommands(program: Command, hooks: OnCallHooks): void {
  const run = (work: (config: ResolvedConfig) => Promise<number>) => async (config: string | undefined) => hooks.setExit(await work(hooks.load(config)));

  storeOptions(program.command('incidents').description('list incidents: start, end, cause, regions, alerts sent, acknowledgement, notes'), hooks)
    .option('--open', 'only open ones')
    .option('--since <duration>', 'only those open at some point in this period, e.g. 24h')
    .option('--app <name>', 'only this app')
    .option('--json', 'one JSON object per incident')
    .action((opts) => run((config) => incidentsCommand(config, opts))(opts.config));

  storeOptions(program.command('ack <incident>').description('acknowledge an open incident: reminders stop, "acknowledged by …" is announced once'), hooks)
    .option('--by <name>', 'who (default: $USER)')
    .option('--note <text>', 'said with the announcement')
    .action((id: string, opts) => run((config) => ackCommand(config, id, opts))(opts.config));

  storeOptions(program.command('note <incident> <text>').description('add an update to an incident (--public: shown on the status page)'), hooks)
    .option('--public', 'show it on the public status page')
    .option('--by <name>', 'who (default: $USER)')
    .action((id: string, text: string, opts) => run((config) => noteCommand(config, id, text, opts))(opts.config));

  const silence = program.command('silence <selector>').description('silence pages for a target, app:NAME or tag:key=value, from the next probe run');
  addOptions(silence, hooks, 'why (shown in alerts and listings)')
    .option('--for <duration>', 'how long, e.g. 2h')
    .action((selector: string, opts) => run((config) => addOverride('silence', config, selector, opts))(opts.config));

  const maintenance = program.command('maintenance').description('ad-hoc maintenance windows, beside the config\'s');
  addOptions(maintenance.command('add <selector>').description('add a window for a target, app:NAME or tag:key=value'), hooks, 'what the work is')
    .option('--for <duration>', 'how long from now (or from --from), e.g. 2h')
    .option('--from <time>', 'start ("2026-12-02 22:00" in the alert time zone, or ISO)')
    .option('--until <time>', 'end (same forms)')
    .action((selector: string, opts) => run((config) => addOverride('maintenance', config, selector, opts))(opts.config));

  const listings: Array<[OverrideKind, Command, Command]> = [
    ['silence', program.command('silences').description('list the silences not yet ended'), program.command('unsilence <id>').description('end a silence now')],
    ['maintenance', maintenance.command('list').description('list ad-hoc windows not yet ended'), maintenance.command('remove <id>').description('remove an ad-hoc window')],
  ];
  for (const [kind, list, remove] of listings) {
    storeOptions(list, hooks)
      .option('--json', 'one JSON object per line')
      .action((opts) => run((config) => listOverrides(kind, config, opts))(opts.config));
    storeOptions(remove, hooks).action((id: string, opts) => run((config) => removeOverride(kind, config, id, opts))(opts.config));
  }
}

/** The options every override command that adds one takes. */
function addOptions(command: Command, hooks: OnCallHooks, reasonHelp: string): Command {
  return storeOptions(command, hooks).option('--reason <text>', reasonHelp).option('--by <name>', 'who (default: $USER)');
}
