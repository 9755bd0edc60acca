#!/usr/bin/env node
import { App, Aspects, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, loadConfig } from '../lib/config/load';
import { ControlTowerValidator } from '../lib/stacks/control-tower';
import { createPantauStacks } from '../lib/stacks/pantau-app';

/**
 * The CDK app: validates the config (context `config`, default config/pantau.config.yaml), then
 * creates one MonitorStack in the home region and one ProbeStack per extra probe region.
 * A bad config prints the loader's one-line message and exits 2 — no stack trace.
 */
const app = new App();
const configPath = (app.node.tryGetContext('config') as string | undefined) ?? 'config/pantau.config.yaml';

let config;
try {
  config = loadConfig(configPath);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

createPantauStacks(app, config, { account: process.env.CDK_DEFAULT_ACCOUNT });
// AwsSolutions checks on every synth: an unsuppressed finding fails `cdk synth` (and CI).
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
// Control Tower's proactive controls on every synth too: an unacknowledged failure fails it the same way.
Validations.of(app).addPlugins(new ControlTowerValidator());
app.synth();
