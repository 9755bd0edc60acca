import { Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../lambdas/core/config';
import { buildApp, sampleCapacity, sampleConfig } from './cdk-app';

/** Every AwsSolutions error and warning cdk-nag left on the app's stacks, as "stack: message". */
function nagFindings(config: ResolvedConfig): { findings: string[]; stacks: Stack[] } {
  const { stacks } = buildApp(config, { nag: true });
  const all = [stacks.monitor, ...stacks.probes];
  // Aspects (the nag checks) run during synthesis; Annotations reads the findings they leave.
  const findings = all.flatMap((stack) => {
    const annotations = Annotations.fromStack(stack);
    return [...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-')), ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-'))].map(
      (f) => `${stack.stackName}${f.id}: ${String(f.entry.data).split(':')[0]}`,
    );
  });
  return { findings, stacks: all };
}

/** Suppressions as recorded in the synthesized template (Metadata.cdk_nag.rules_to_suppress). */
function suppressions(stack: Stack): Array<{ id: string; reason: string; type: string }> {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Type: string; Metadata?: { cdk_nag?: { rules_to_suppress?: Array<{ id: string; reason: string }> } } }
  >;
  return Object.values(resources).flatMap((r) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((s) => ({ ...s, type: r.Type })));
}

describe('cdk-nag AwsSolutions checks', () => {
  it('leave no unsuppressed error or warning on the monitor and probe stacks', () => {
    const { findings } = nagFindings(sampleConfig({ capacity: sampleCapacity() }));
    expect(findings).toEqual([]);
    // Two stacks through the whole AwsSolutions pack: a budget for a busy machine, not a speed claim.
  }, 120_000);

  it('leave none on a config with no targets either (a capacity-only or empty deployment)', () => {
    expect(nagFindings(sampleConfig({ targets: [] })).findings).toEqual([]);
  });

  it('every suppression names its rule and carries a real reason', () => {
    const { stacks } = nagFindings(sampleConfig({ capacity: sampleCapacity() }));
    const all = stacks.flatMap(suppressions);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      expect(s.id).toMatch(/^AwsSolutions-[A-Z]+\d+$/);
      // A sentence that says why, not "ok" or "needed".
      expect(s.reason.length).toBeGreaterThan(60);
    }
    // Only the wildcard rule is suppressed, and "queue without a DLQ" on the drop queues, which
    // are dead-letter queues themselves (cdk-nag only recognises SQS redrive and Lambda DLQs).
    // The status page adds what is wrong for a public cache of published facts (reasons in lib/constructs/status-page.ts).
    const statusPage = ['AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR3', 'AwsSolutions-CFR4', 'AwsSolutions-S1'];
    expect([...new Set(all.map((s) => s.id))].sort()).toEqual([...statusPage, 'AwsSolutions-IAM5', 'AwsSolutions-SQS3'].sort());
    expect([...new Set(all.filter((s) => s.id === 'AwsSolutions-SQS3').map((s) => s.type))]).toEqual(['AWS::SQS::Queue']);
  }, 120_000);

  it('are live: an unencrypted topic without SSL enforcement is reported', () => {
    const { app, stacks } = buildApp(sampleConfig({ targets: [] }));
    new sns.Topic(stacks.monitor, 'Careless');
    Aspects.of(app).add(new AwsSolutionsChecks());
    // With cdk.json's annotationsInValidationReport flag, an unsuppressed nag error fails synthesis
    // (as it does for `cdk synth`), naming the rule and the resource.
    expect(() => Annotations.fromStack(stacks.monitor)).toThrow(/AwsSolutions-SNS3[\s\S]*Pantau-Monitor\/Careless\/Resource/);
  });
});
