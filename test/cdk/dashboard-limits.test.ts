import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { RULE_LIMITS, SloAlarms, ruleGroups } from '../../lib/constructs/slo-alarms';
import { MAX_WIDGETS_PER_DASHBOARD, dashboardBodies } from '../../lib/dashboards/bodies';
import type { MetricOptions } from '../../lib/dashboards/widgets';
import { makeTarget } from '../support/config-fixture';
import { SLO_APPS_PER_STACK } from '../../lib/constructs/observability-placement';
import { buildApp, sampleConfig } from './cdk-app';

/**
 * CloudWatch's limits at the size of a national election estate, 600 targets in 60 apps from three
 * probe regions, every target with its own series (`metrics: detailed`): 500 widgets per dashboard,
 * 100 metrics and expressions per widget, 100 alarms per alarm-status widget, 100 alarms and
 * 10240 characters per composite alarm rule.
 */

const APPS = Array.from({ length: 60 }, (_, a) => `app${String(a).padStart(2, '0')}`);
const config = sampleConfig({
  regions: ['ap-southeast-3', 'ap-southeast-1', 'ap-southeast-2'],
  targets: APPS.flatMap((app) =>
    Array.from({ length: 10 }, (_, t) =>
      makeTarget({ id: `${app}-t${t}`, url: `https://${app}-t${t}.kpu.go.id/`, app, severity: 'critical', metrics: 'detailed' }),
    ),
  ),
});
const ENV = { region: 'ap-southeast-3', account: '123456789012' };
/** Our own budget for one body (CloudFormation templates top out at 1 MB in S3). */
const BODY_BYTES = 1_000_000;

describe('dashboards at 600 targets in 60 apps', () => {
  const specs = dashboardBodies(config, ENV);

  it('one overview, one dashboard per app, and monitor health', () => {
    expect(config.targets).toHaveLength(600);
    expect(specs.map((s) => s.name).filter((n) => n.startsWith('pantau-app-'))).toHaveLength(60);
    expect(specs[0]!.name).toBe('pantau-overview');
  });

  it('stays within the widget, metric and alarm limits', () => {
    for (const spec of specs) {
      expect(spec.body.widgets.length, spec.name).toBeLessThanOrEqual(MAX_WIDGETS_PER_DASHBOARD);
      expect(Buffer.byteLength(JSON.stringify(spec.body)), spec.name).toBeLessThan(BODY_BYTES);
      for (const widget of spec.body.widgets) {
        expect(widget.x + widget.width, spec.name).toBeLessThanOrEqual(24);
        const metrics = (widget.properties.metrics ?? []) as unknown[][];
        expect(metrics.length, `${spec.name}: ${String(widget.properties.title)}`).toBeLessThanOrEqual(100);
        if (widget.type === 'alarm') expect((widget.properties.alarms as string[]).length).toBeLessThanOrEqual(100);
        // metric ids: unique within the widget, a lower-case letter then letters, digits, _
        const ids = metrics.map((row) => (row[row.length - 1] as MetricOptions).id).filter((id): id is string => !!id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9_]*$/);
      }
    }
  });

  it('the overview holds all 60 app rows and lists all 361 SLO alarms (availability and latency) in four alarm widgets', () => {
    const overview = specs[0]!.body.widgets;
    expect(overview.filter((w) => String(w.properties.title).endsWith(': status now'))).toHaveLength(60);
    const alarmWidgets = overview.filter((w) => w.type === 'alarm');
    expect(alarmWidgets.map((w) => (w.properties.alarms as string[]).length)).toEqual([100, 100, 100, 61]);
  });

  it('splits the overview in parts beyond what one dashboard holds', () => {
    const many = sampleConfig({ targets: Array.from({ length: 100 }, (_, a) => makeTarget({ id: `x${a}`, url: `https://x${a}.kpu.go.id/`, app: `x${a}` })) });
    const overviews = dashboardBodies(many, ENV).filter((s) => s.name.startsWith('pantau-overview'));
    expect(overviews.map((s) => s.name)).toEqual(['pantau-overview', 'pantau-overview-2']);
    for (const o of overviews) expect(o.body.widgets.length).toBeLessThanOrEqual(MAX_WIDGETS_PER_DASHBOARD);
  });
});

describe('SLO alarms at 60 critical apps', () => {
  it('keeps every composite rule within 100 alarms (the leadership alarm in parts)', () => {
    const stack = new Stack(new App(), 'Slo', { env: { region: 'ap-southeast-3', account: '123456789012' } });
    new SloAlarms(stack, 'Slo', { config });
    const composites = stack.node.findAll().filter((c): c is cloudwatch.CfnCompositeAlarm => c instanceof cloudwatch.CfnCompositeAlarm);
    const rules = composites.map((c) => ({ name: c.alarmName!, rule: JSON.stringify(stack.resolve(c.alarmRule)) }));
    expect(rules).toHaveLength(60 * 6 + 1 + 2);
    for (const { name, rule } of rules) {
      expect((rule.match(/ALARM\(/g) ?? []).length, name).toBeLessThanOrEqual(RULE_LIMITS.alarms);
    }
    const top = rules.find((r) => r.name === 'pantau-election-critical-apps')!;
    expect((top.rule.match(/ALARM\(/g) ?? []).length).toBe(2);
    const parts = rules.filter((r) => r.name.startsWith('pantau.election-critical-'));
    expect(parts.map((p) => (p.rule.match(/ALARM\(/g) ?? []).length)).toEqual([100, 20]);
  });

  it('groups references by count and by length', () => {
    expect(ruleGroups(Array(250).fill(10))).toEqual([[0, 100], [100, 200], [200, 250]]);
    expect(ruleGroups([6000, 6000, 100], RULE_LIMITS)).toEqual([[0, 1], [1, 3]]);
    expect(ruleGroups([])).toEqual([]);
  });
});

describe('SLO alarms of 60 critical apps in the deployed app', () => {
  it('split into nested stacks of at most SLO_APPS_PER_STACK apps, each under 500 resources, the leadership alarm reading across them', () => {
    const oneEach = sampleConfig({
      regions: ['ap-southeast-3'],
      targets: APPS.map((app) => makeTarget({ id: `${app}-www`, url: `https://${app}.kpu.go.id/`, app, severity: 'critical' })),
    });
    const outdir = mkdtempSync(join(tmpdir(), 'pantau-slo-nested-'));
    try {
      const { app } = buildApp(oneEach, { outdir });
      const assembly = app.synth();
      const templates = readdirSync(outdir)
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => ({ file: f, t: JSON.parse(readFileSync(join(outdir, f), 'utf8')) as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> } }));
      expect(assembly.stacks.length).toBe(1);
      const sloStacks = templates.filter(({ t }) => Object.values(t.Resources ?? {}).some((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm'));
      // 60 apps by 24: three SLO stacks (24, 24, 12 apps).
      expect(sloStacks).toHaveLength(Math.ceil(60 / SLO_APPS_PER_STACK));
      for (const { file, t } of templates) expect(Object.keys(t.Resources ?? {}).length, file).toBeLessThanOrEqual(500);
      const composites = templates.flatMap(({ t }) => Object.values(t.Resources ?? {})).filter((r) => r.Type === 'AWS::CloudWatch::CompositeAlarm');
      expect(composites).toHaveLength(60 * 6 + 1 + 2);
      // The election-critical parts name page alarms that live in the other SLO stacks: 120 of them in all.
      const parts = composites.filter((c) => String(c.Properties?.AlarmName).startsWith('pantau.election-critical-'));
      expect(parts.map((p) => (JSON.stringify(p.Properties?.AlarmRule).match(/ALARM\(/g) ?? []).length).reduce((a, b) => a + b, 0)).toBe(120);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
