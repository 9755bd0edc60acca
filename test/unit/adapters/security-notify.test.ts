import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../../lambdas/adapters/sns-notifier';
import { LocalNotifier } from '../../../lambdas/adapters/local-notifier';
import { evaluate } from '../../../lambdas/core/alerting/engine';
import type { AlertState } from '../../../lambdas/core/alerting/state';
import type { AlertEvent } from '../../../lambdas/core/alerting/types';
import { securityObservations } from '../../../lambdas/core/patrol/observations';
import type { PatrolVerdict } from '../../../lambdas/core/patrol/finding';
import { ctx, rules } from '../../support/engine-script';
import { makeResult } from '../../support/results';

/**
 * A security alert as it leaves Pantau: the SNS publish (attributes a team routes on, the SMS
 * body with the evidence, the JSON body) and the `--alerts-jsonl` line.
 */

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const DEFACED: PatrolVerdict = {
  judged: ['defacement'],
  findings: [{ finding: 'defacement', severity: 'page', evidence: '"HaCkEd By ./Garuda" in <title>', detail: 'title: HaCkEd By ./Garuda Team' }],
};
const CLEAN: PatrolVerdict = { judged: ['defacement'], findings: [] };

/** The engine's alerts for a defaced check then a clean one (threshold 1 each way). */
function alerts(): AlertEvent[] {
  let state: AlertState | undefined;
  const events: AlertEvent[] = [];
  [DEFACED, CLEAN].forEach((patrol, minute) => {
    const result = makeResult({ target: 'kpu-dki', app: 'kpu-prov', url: 'https://kpu-jakarta.go.id/', severity: 'critical', ts: `2026-11-24T03:0${minute}:00.000Z`, patrol });
    const [obs] = securityObservations(result);
    const out = evaluate(state, obs!, ctx({ rules: rules({ failureThreshold: 1, successThreshold: 1 }) }));
    state = out.state;
    events.push(...out.events);
  });
  return events;
}

describe('security alerts on SNS', () => {
  it('publishes the finding as a filter attribute, with state and evidence, and the evidence in the SMS text', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const [open] = alerts();
    await new SnsNotifier(new SNSClient({ region: 'ap-southeast-3' }), { critical: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-critical' }).publish(open!);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    const message = 'SECURITY defacement kpu-jakarta.go.id: "HaCkEd By ./Garuda" in <title>';
    expect({ ...input, Message: undefined }).toEqual({
      TopicArn: 'arn:aws:sns:ap-southeast-3:123456789012:pantau-critical',
      Subject: '[Pantau] SECURITY defacement kpu-jakarta.go.id: "HaCkEd By ./Garuda" in <title>',
      MessageStructure: 'json',
      Message: undefined,
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'critical' },
        app: { DataType: 'String', StringValue: 'kpu-prov' },
        target: { DataType: 'String', StringValue: 'kpu-dki' },
        kind: { DataType: 'String', StringValue: 'security' },
        dedupId: { DataType: 'String', StringValue: 'security:kpu-dki/defacement/down/2026-11-24T03:00:00.000Z' },
        region: { DataType: 'String.Array', StringValue: '["ap-southeast-3"]' },
        domain: { DataType: 'String', StringValue: 'security' },
        incidentId: { DataType: 'String', StringValue: open!.incidentId! },
        finding: { DataType: 'String', StringValue: 'defacement' },
        state: { DataType: 'String', StringValue: 'open' },
        evidence: { DataType: 'String', StringValue: '"HaCkEd By ./Garuda" in <title>' },
      },
    });
    const bodies = JSON.parse(input.Message!) as Record<string, string>;
    expect(bodies.sms).toBe(message);
    expect(bodies.email).toContain('Evidence: "HaCkEd By ./Garuda" in <title>');
    expect(bodies.email).toContain('  title: HaCkEd By ./Garuda Team');
    expect(JSON.parse(bodies.https!)).toMatchObject({ kind: 'security', finding: 'defacement', state: 'open', detail: 'title: HaCkEd By ./Garuda Team' });
  });

  it('writes open and resolved lines to --alerts-jsonl with finding, evidence and state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pantau-security-'));
    const path = join(dir, 'alerts.jsonl');
    const out = { write: () => true } as unknown as NodeJS.WritableStream;
    const notifier = new LocalNotifier({ out, jsonlPath: path });
    for (const event of alerts()) await notifier.publish(event);
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.kind, l.state, l.target, l.finding, l.evidence])).toEqual([
      ['security', 'open', 'kpu-dki', 'defacement', '"HaCkEd By ./Garuda" in <title>'],
      ['security', 'resolved', 'kpu-dki', 'defacement', '"HaCkEd By ./Garuda" in <title>'],
    ]);
    expect(lines[1]!.message).toBe('SECURITY RESOLVED defacement kpu-jakarta.go.id: page clean again after 1 min (was: "HaCkEd By ./Garuda" in <title>)');
    expect(lines[0]).not.toHaveProperty('body');
  });
});
