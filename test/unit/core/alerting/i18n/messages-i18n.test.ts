import { describe, expect, it } from 'vitest';
import { alertJson, subjectLine } from '../../../../../lambdas/core/alerting/messages';
import { PHRASES, localesOf } from '../../../../../lambdas/core/alerting/i18n';
import { CHANNELS } from '../../../../../lambdas/core/channels/registry';
import { groupedEvent } from '../../../../../lambdas/core/alerting/storm-text';
import { customNotification } from '../../../../../lambdas/core/channels/chatbot';
import { DOMAINS, KINDS, LANGUAGE_SETTINGS, alertOf } from '../../../../support/message-cases';

/** Alert text in Bahasa Indonesia and English: the table per kind, `both`, and owner + runbook everywhere. */

const CONTACT = { owner: 'Tim Sirekap (Pusdatin)', runbook: 'https://wiki.kpu.go.id/runbook/sirekap' };

describe('headlines per kind and language', () => {
  const expected = {
    en: {
      down: 'DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions since 10:42 WIB',
      reminder: 'STILL DOWN Sirekap (pemilu2024.kpu.go.id): timeout from 2/3 regions for 12 min (since 10:42 WIB)',
      recovered: 'RECOVERED Sirekap (pemilu2024.kpu.go.id): up again after 12 min down (since 10:42 WIB), incident sirekap-web@20261124T034200Z',
      degraded: 'DEGRADED Sirekap (pemilu2024.kpu.go.id): connect timeout after 5000 ms from 2/3 regions since 10:42 WIB',
      flapping: 'FLAPPING Sirekap (pemilu2024.kpu.go.id): 6 state changes in 30 min, now DOWN; alerts paused until stable',
    },
    id: {
      down: 'DOWN Sirekap (pemilu2024.kpu.go.id): timeout dari 2/3 region sejak 10:42 WIB',
      reminder: 'MASIH DOWN Sirekap (pemilu2024.kpu.go.id): timeout dari 2/3 region selama 12 menit (sejak 10:42 WIB)',
      recovered: 'PULIH Sirekap (pemilu2024.kpu.go.id): normal kembali setelah 12 menit down (sejak 10:42 WIB), insiden sirekap-web@20261124T034200Z',
      degraded: 'TERGANGGU Sirekap (pemilu2024.kpu.go.id): connect timeout after 5000 ms dari 2/3 region sejak 10:42 WIB',
      flapping: 'TIDAK STABIL Sirekap (pemilu2024.kpu.go.id): 6 kali ganti status dalam 30 menit, kini DOWN; notifikasi ditahan sampai stabil',
    },
  } as const;

  for (const kind of KINDS) {
    it(`${kind}: English by default (unchanged), Bahasa Indonesia with language id`, () => {
      expect(alertOf(kind).message).toBe(expected.en[kind]);
      expect(alertOf(kind, { language: 'en' }).message).toBe(expected.en[kind]);
      const id = alertOf(kind, { language: 'id' });
      expect(id.message).toBe(expected.id[kind]);
      expect(id.locale).toBe('id');
      expect(id.subject).toBe(subjectLine(expected.id[kind]));
    });

    it(`${kind}: both puts Indonesian first (message, SMS) and English second, both at the top of the body`, () => {
      const e = alertOf(kind, { language: 'both' });
      expect(e.message).toBe(expected.id[kind]);
      expect(e.altMessage).toBe(expected.en[kind]);
      expect(e.body!.split('\n').slice(0, 2)).toEqual([expected.id[kind], expected.en[kind]]);
    });
  }

  it('every language has a verdict for every kind of every domain, and they differ per kind', () => {
    for (const phrases of Object.values(PHRASES)) {
      for (const domain of DOMAINS) {
        const words = KINDS.map((k) => phrases.verdicts[domain][k]);
        expect(new Set(words).size).toBe(KINDS.length);
      }
    }
  });

  it('capacity and Pantau alerts speak Indonesian too', () => {
    expect(alertOf('down', { language: 'id', domain: 'capacity', label: 'PDN-Cikarang/storage' }).message).toBe(
      'KRITIS PDN-Cikarang/storage: connect timeout after 5000 ms sejak 10:42 WIB',
    );
    expect(alertOf('recovered', { language: 'id', domain: 'ops', label: 'deadman-1m-01' }).message).toMatch(/^PANTAU NORMAL deadman-1m-01: alarm selesai setelah 12 menit/);
  });

  it('labels the body in the first language', () => {
    const body = alertOf('down', { language: 'id', contact: CONTACT }).body!;
    expect(body).toContain('Penyebab: timeout: connect timeout after 5000 ms');
    expect(body).toContain('Status:   DOWN sejak 2026-11-24 10:42:00 WIB');
    expect(body).toContain('Insiden:  sirekap-web@20261124T034200Z');
    expect(body).toContain('Waktu:    2026-11-24 10:54:00 WIB');
    expect(localesOf('both')).toEqual(['id', 'en']);
  });
});

describe('owner and runbook in every alert', () => {
  for (const language of LANGUAGE_SETTINGS) {
    for (const kind of KINDS) {
      it(`${kind} (${language}): in the event, the JSON line, the body, the SMS, the chat text and the Chatbot notification`, () => {
        const e = alertOf(kind, { language, contact: CONTACT });
        const ownerLabel = language === 'en' ? 'Owner' : 'PIC';
        expect(e).toMatchObject(CONTACT);
        expect(alertJson(e)).toMatchObject(CONTACT);
        expect(e.body).toContain(`${ownerLabel}:`.padEnd(10) + CONTACT.owner);
        expect(e.body).toContain(`Runbook:  ${CONTACT.runbook}`);
        const sms = CHANNELS.sms.render(e);
        expect(sms).toContain(`${ownerLabel}: Tim Sirekap (Pusdatin)`);
        expect(sms).toContain(CONTACT.runbook);
        const chat = CHANNELS.telegram.render(e);
        expect(chat).toContain(`${ownerLabel}: ${CONTACT.owner}`);
        expect(chat).toContain(`Runbook: ${CONTACT.runbook}`);
        const notification = customNotification(e) as { content: { description: string; nextSteps: string[] } };
        expect(notification.content.nextSteps).toEqual([CONTACT.runbook]);
        expect(notification.content.description).toContain(CONTACT.owner);
      });
    }
  }

  it('no owner or runbook configured: no empty lines or labels anywhere', () => {
    const e = alertOf('down', { language: 'id' });
    expect(e.owner).toBeUndefined();
    expect(e.body).not.toMatch(/PIC|Runbook/);
    expect(CHANNELS.sms.render(e)).toBe(e.message);
  });
});

describe('storm headlines', () => {
  it('speak the members’ language: Indonesian word order and "lainnya"; English unchanged', () => {
    const members = (language: 'id' | 'en') =>
      Array.from({ length: 8 }, (_, i) => ({ ...alertOf('down', { language }), target: `kab-${i}`, dedupId: `kab-${i}/down` }));
    expect(groupedEvent(members('id')).message).toBe('DOWN 8 target Sirekap (timeout): kab-0, kab-1, kab-2, kab-3, kab-4, kab-5 (+2 lainnya)');
    expect(groupedEvent(members('en')).message).toBe('DOWN 8 Sirekap targets (timeout): kab-0, kab-1, kab-2, kab-3, kab-4, kab-5 (+2 more)');
  });
});
