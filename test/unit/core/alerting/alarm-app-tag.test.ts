import { describe, expect, it } from 'vitest';
import { alarmDescription, alarmObservation, parseAlarmDescription } from '../../../../lambdas/core/alerting/alarm-observation';

/** An SLO alarm names the monitored app in its tag, so the relayed alert carries that app. */
describe('alarm description: the app tag', () => {
  it('writes and reads `app=` after the severity', () => {
    const text = alarmDescription('pantau', 'critical', 'sirekap is burning its error budget', 'details', 'sirekap');
    expect(text.startsWith('[pantau critical app=sirekap] sirekap is burning')).toBe(true);
    expect(parseAlarmDescription(text)).toEqual({ project: 'pantau', severity: 'critical', summary: 'sirekap is burning its error budget', app: 'sirekap' });
  });

  it('an alarm with the tag is an alert of that app; without it, of the project', () => {
    const event = (description: string) => ({
      source: 'aws.cloudwatch',
      'detail-type': 'CloudWatch Alarm State Change',
      region: 'ap-southeast-3',
      time: '2026-02-14T01:00:00Z',
      detail: { alarmName: 'pantau-slo-sirekap-fast', configuration: { description }, state: { value: 'ALARM', timestamp: '2026-02-14T01:00:00.000+0000' } },
    });
    const slo = alarmObservation(event(alarmDescription('pantau', 'critical', 'burning', '', 'sirekap')), 'pantau');
    expect('observation' in slo && slo.observation.app).toBe('sirekap');
    const own = alarmObservation(event(alarmDescription('pantau', 'high', 'Lambda failing')), 'pantau');
    expect('observation' in own && own.observation.app).toBe('pantau');
  });
});
