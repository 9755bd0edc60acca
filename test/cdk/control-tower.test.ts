import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations, type IPolicyValidationContext, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { loadConfig } from '../../lib/config/load';
import { REPO_ROOT } from '../../lib/constructs/pantau-function';
import { CONTROL_ACKNOWLEDGEMENTS, ControlTowerValidator, controlIdOf, withoutAcknowledged } from '../../lib/stacks/control-tower';
import { buildApp, privateTargetConfig, sampleCapacity, sampleConfig } from './cdk-app';

/**
 * Control Tower's proactive controls (the Guard rules AWS publishes, run by the real cfn-guard
 * binary) on the synthesized templates of the shipped config and of a two-region config.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Synthesizes the app (no bundling) and returns what a validation plugin is given. */
function synthesized(config: ResolvedConfig): IPolicyValidationContext {
  const outdir = mkdtempSync(join(tmpdir(), 'pantau-ct-'));
  dirs.push(outdir);
  const { app } = buildApp(config, { outdir });
  app.synth();
  const templatePaths = readdirSync(outdir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => join(outdir, file));
  return { templatePaths, stackTemplates: [], appConstruct: app };
}

const validate = (context: IPolicyValidationContext) => new ControlTowerValidator().validate(context);

const shipped = () => loadConfig(join(REPO_ROOT, 'config', 'pantau.config.yaml'));
const twoRegions = () => sampleConfig({ capacity: sampleCapacity() });

/** One synth and one cfn-guard run of the two-region config, shared by the tests that read it (each costs seconds). */
let twoRegionsRun: { templates: number; raw: PolicyValidationPluginReport } | undefined;
function twoRegionsGuarded(): { templates: number; raw: PolicyValidationPluginReport } {
  if (!twoRegionsRun) {
    const context = synthesized(twoRegions());
    twoRegionsRun = { templates: context.templatePaths.length, raw: new CfnGuardValidator().validate(context) };
  }
  return twoRegionsRun;
}

describe('Control Tower proactive controls', () => {
  it('leave no unacknowledged failure on the shipped config', () => {
    const report = validate(synthesized(shipped()));
    expect(report.violations.map((v) => `${v.description}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  }, 240_000);

  it('leave none on a two-region config with capacity sources (monitor and probe stacks)', () => {
    const { templates, raw } = twoRegionsGuarded();
    expect(templates).toBe(2);
    // What ControlTowerValidator.validate returns: the raw guard report without the acknowledged findings.
    const report = withoutAcknowledged(raw, CONTROL_ACKNOWLEDGEMENTS);
    expect(report.violations.map((v) => `${v.description}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  }, 240_000);

  it('need no acknowledgement for the functions placed in the VPC (VPC probes), only for the internet ones', () => {
    const raw = new CfnGuardValidator().validate(synthesized(privateTargetConfig()));
    const flagged = raw.violations
      .filter((v) => controlIdOf(v) === 'CT.LAMBDA.PR.3')
      .flatMap((v) => v.violatingResources.map((r) => r.resourceLogicalId ?? ''));
    expect(flagged.some((id) => id.startsWith('VpcProbes'))).toBe(false);
    expect(flagged.some((id) => id.startsWith('ProbesFunction'))).toBe(true);
    expect(withoutAcknowledged(raw, CONTROL_ACKNOWLEDGEMENTS).violations).toEqual([]);
  }, 240_000);

  it('are fixed, not acknowledged, for log retention, log encryption and key grants', () => {
    const { raw } = twoRegionsGuarded();
    const failing = new Set(raw.violations.map(controlIdOf));
    for (const fixed of ['CT.CLOUDWATCH.PR.2', 'CT.CLOUDWATCH.PR.3', 'CT.KMS.PR.3']) expect(failing).not.toContain(fixed);
    // Every acknowledgement is still needed: one that matches nothing is a stale excuse.
    for (const ack of CONTROL_ACKNOWLEDGEMENTS) expect(failing).toContain(ack.ruleId);
  }, 240_000);

  it('each acknowledgement names a control id, the resources it covers and a real reason', () => {
    expect(CONTROL_ACKNOWLEDGEMENTS.length).toBeGreaterThan(0);
    for (const ack of CONTROL_ACKNOWLEDGEMENTS) {
      expect(ack.ruleId).toMatch(/^CT\.[A-Z0-9]+\.PR\.\d+$/);
      expect(ack.reason.length).toBeGreaterThan(80);
      expect(ack.resources).toBeInstanceOf(RegExp);
    }
  });

  it('acknowledge only the resources named: a probe function is covered, another function is not', () => {
    const violation = {
      ruleName: 'lambda_inside_vpc_check',
      description: '[CT.LAMBDA.PR.3]: Require an AWS Lambda function to be in a customer-managed Amazon Virtual Private Cloud (VPC)',
      violatingResources: [
        { resourceLogicalId: 'ProbesFunction5B89C1B7', templatePath: 't.json', locations: [] },
        { resourceLogicalId: 'ReportsFunctionA1B2C3D4', templatePath: 't.json', locations: [] },
      ],
    };
    const report = withoutAcknowledged({ success: false, violations: [violation] }, CONTROL_ACKNOWLEDGEMENTS);
    expect(report.success).toBe(false);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => r.resourceLogicalId))).toEqual(['ReportsFunctionA1B2C3D4']);
  });

  it('keep a failure that names no violation failed', () => {
    expect(withoutAcknowledged({ success: false, violations: [] }, CONTROL_ACKNOWLEDGEMENTS).success).toBe(false);
    expect(withoutAcknowledged({ success: true, violations: [] }, CONTROL_ACKNOWLEDGEMENTS).success).toBe(true);
  });

  it('are live in the app: a log group kept 30 days fails synth with CT.CLOUDWATCH.PR.2', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'pantau-ct-'));
    dirs.push(outdir);
    const { app, stacks } = buildApp(sampleConfig({ targets: [] }), { outdir });
    Validations.of(app).addPlugins(new ControlTowerValidator());
    new logs.LogGroup(stacks.monitor, 'ShortLived', { retention: logs.RetentionDays.ONE_MONTH });
    expect(() => app.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.2/);
  }, 240_000);
});
