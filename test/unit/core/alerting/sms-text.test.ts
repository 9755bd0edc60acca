import { describe, expect, it } from 'vitest';
import { smsCapacity, smsLength } from '../../../../lambdas/core/alerting/sms-segments';
import { SMS_SEGMENTS_MAX, smsText } from '../../../../lambdas/core/alerting/sms-text';
import { CHANNELS } from '../../../../lambdas/core/channels/registry';
import { KINDS, LANGUAGE_SETTINGS, alertOf } from '../../../support/message-cases';

/** SMS length as networks bill it, and alert SMS within two segments whatever the lengths. */

describe('smsLength', () => {
  it('GSM-7: 160 septets in one message, 153 per part after that', () => {
    expect(smsLength('')).toEqual({ encoding: 'gsm7', units: 0, segments: 0 });
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161)).segments).toBe(2);
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('extension characters take two septets; accented letters of the GSM alphabet one', () => {
    expect(smsLength('{}[]~|^\\€').units).toBe(18);
    expect(smsLength('é à ñ Ü').units).toBe(7);
    expect(smsLength('{'.repeat(80)).segments).toBe(1);
    expect(smsLength('{'.repeat(81)).segments).toBe(2);
  });

  it('one character outside GSM-7 makes the text UCS-2: 70 in one, 67 per part; emoji count two units', () => {
    expect(smsLength('Jalan ş')).toMatchObject({ encoding: 'ucs2', units: 7, segments: 1 });
    expect(smsLength('ş'.repeat(70)).segments).toBe(1);
    expect(smsLength('ş'.repeat(71)).segments).toBe(2);
    expect(smsLength('🔥'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    expect(smsLength('`').encoding).toBe('ucs2');
  });

  it('capacity of n segments', () => {
    expect(smsCapacity('gsm7', 1)).toBe(160);
    expect(smsCapacity('gsm7', 2)).toBe(306);
    expect(smsCapacity('ucs2', 2)).toBe(134);
  });
});

describe('alert SMS', () => {
  const worst = {
    label: `${'very-long-subdomain-name.'.repeat(10)}kpu.go.id`,
    reason: `HTTP 503 not in [200-399] {${'x'.repeat(280)}} ~ | \\ ^ \` ’ “quoted” — Jalan Merdeka`,
    contact: { owner: `Tim ${'Pusat Data dan Informasi '.repeat(8)}`, runbook: `https://wiki.kpu.go.id/${'runbook/'.repeat(60)}sirekap` },
  };

  for (const language of LANGUAGE_SETTINGS) {
    for (const kind of KINDS) {
      it(`${kind} (${language}) at worst-case lengths stays GSM-7 within ${SMS_SEGMENTS_MAX} segments, the verdict first`, () => {
        const e = alertOf(kind, { language, ...worst });
        const sms = CHANNELS.sms.render(e);
        const length = smsLength(sms);
        expect(length.encoding).toBe('gsm7');
        expect(length.segments).toBeLessThanOrEqual(SMS_SEGMENTS_MAX);
        expect(sms.startsWith(e.message.split(' ')[0]!)).toBe(true);
        // A runbook too long to fit is left out whole, never cut.
        expect(sms).not.toContain('https://');
      });

      it(`${kind} (${language}) with a usual owner and runbook keeps both, within ${SMS_SEGMENTS_MAX} segments`, () => {
        const e = alertOf(kind, { language, contact: { owner: 'Tim Sirekap', runbook: 'https://wiki.kpu.go.id/runbook/sirekap' } });
        const sms = CHANNELS.sms.render(e);
        expect(sms).toMatch(/ - (PIC|Owner): Tim Sirekap - https:\/\/wiki\.kpu\.go\.id\/runbook\/sirekap$/);
        expect(smsLength(sms).segments).toBeLessThanOrEqual(SMS_SEGMENTS_MAX);
      });
    }
  }

  it('a headline full of two-septet characters is shortened until the SMS fits', () => {
    const sms = smsText(`DOWN X: ${'{}'.repeat(70)}`, { owner: 'Tim', ownerLabel: 'PIC' });
    expect(smsLength(sms).segments).toBeLessThanOrEqual(SMS_SEGMENTS_MAX);
    expect(sms).toMatch(/^DOWN X: .*\.\.\. - PIC: Tim$/);
  });
});
