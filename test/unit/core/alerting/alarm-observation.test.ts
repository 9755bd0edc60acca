import { describe, expect, it } from 'vitest';
import {
  alarmDescription,
  alarmObservation,
  isoTime,
  parseAlarmDescription,
  type AlarmStateChangeEvent,
} from '../../../../lambdas/core/alerting/alarm-observation';

/** The pure mapping from an EventBridge alarm state change to an alert-engine observation. */

const event = (value: string, description: string, extra: Partial<AlarmStateChangeEvent> = {}): AlarmStateChangeEvent => ({
  source: 'aws.cloudwatch',
  'detail-type': 'CloudWatch Alarm State Change',
  region: 'ap-southeast-1',
  time: '2026-11-24T03:42:11Z',
  detail: {
    alarmName: 'pantau-probe-errors-ap-southeast-1',
    configuration: { description },
    state: { value, reason: 'Threshold Crossed', timestamp: '2026-11-24T03:42:10.500+0000' },
  },
  ...extra,
});

describe('alarm descriptions', () => {
  it('round-trip the project, severity and one-line summary; details stay out of the summary', () => {
    const text = alarmDescription('pantau', 'high', 'Lambda failing', 'See its log group.');
    expect(text).toBe('[pantau high] Lambda failing\nSee its log group.');
    expect(parseAlarmDescription(text)).toEqual({ project: 'pantau', severity: 'high', summary: 'Lambda failing' });
  });

  it('stay within CloudWatch\'s 1024 characters and refuse a multi-line summary', () => {
    expect(alarmDescription('pantau', 'low', 'x', 'y'.repeat(2000))).toHaveLength(1024);
    expect(() => alarmDescription('pantau', 'low', 'two\nlines')).toThrow('alarm summary must be one line');
  });

  it('without a tag, or with an unknown severity, are not Pantau alarms', () => {
    expect(parseAlarmDescription('CPU too high')).toBeNull();
    expect(parseAlarmDescription('[pantau urgent] x')).toBeNull();
    expect(parseAlarmDescription(undefined)).toBeNull();
  });
});

describe('alarmObservation', () => {
  it('ALARM → a failing ops observation of subject alarm:<name>, app = the project, time and region of the change', () => {
    const mapped = alarmObservation(event('ALARM', '[pantau high] Lambda failing\nmore'), 'pantau');
    expect(mapped).toEqual({
      alarmName: 'pantau-probe-errors-ap-southeast-1',
      observation: {
        subject: 'alarm:pantau-probe-errors-ap-southeast-1',
        domain: 'ops',
        app: 'pantau',
        severity: 'high',
        ok: false,
        degraded: false,
        error: 'alarm',
        reason: 'Lambda failing',
        region: 'ap-southeast-1',
        ts: '2026-11-24T03:42:10.500Z',
        label: 'probe-errors-ap-southeast-1',
      },
    });
  });

  it('OK → a passing observation', () => {
    const mapped = alarmObservation(event('OK', '[pantau critical] no probe round in 2 min'), 'pantau');
    expect('observation' in mapped && mapped.observation).toMatchObject({ ok: true, error: null, severity: 'critical' });
  });

  it('ignores INSUFFICIENT_DATA, another project\'s tag and other events, saying why', () => {
    expect(alarmObservation(event('INSUFFICIENT_DATA', '[pantau high] x'), 'pantau')).toEqual({
      ignored: 'pantau-probe-errors-ap-southeast-1 went to INSUFFICIENT_DATA',
    });
    expect(alarmObservation(event('ALARM', '[pantau-staging high] x'), 'pantau')).toMatchObject({ ignored: expect.stringContaining('is not a pantau alarm') });
    expect(alarmObservation({ ...event('ALARM', '[pantau high] x'), source: 'aws.ec2' }, 'pantau')).toMatchObject({ ignored: expect.stringContaining('not a CloudWatch alarm state change') });
  });

  it('reads CloudWatch\'s +0000 time stamps as UTC', () => {
    expect(isoTime('2026-11-24T03:42:10.123+0000')).toBe('2026-11-24T03:42:10.123Z');
    expect(isoTime('2026-11-24T10:42:10.123+0700')).toBe('2026-11-24T03:42:10.123Z');
    expect(isoTime('not a time')).toBeNull();
  });
});
