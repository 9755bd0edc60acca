import { describe, expect, it } from 'vitest';
import { barClass, barsSentence, renderPage } from '../../../../lambdas/core/status/html';
import { TEXT } from '../../../../lambdas/core/status/text';
import type { StatusModel } from '../../../../lambdas/core/status/types';

const model = (over: Partial<StatusModel> = {}): StatusModel => ({
  title: 'Status <KPU>',
  generatedAt: '2026-12-02T03:42:00.000Z',
  timeZone: 'Asia/Jakarta',
  overall: 'up',
  apps: [],
  ...over,
});

describe('the page', () => {
  it('says when it was made, in local time, in the reader\'s language', () => {
    expect(renderPage(model(), 'id', '')).toContain('Diperbarui <time datetime="2026-12-02T03:42:00.000Z">2 Des 2026 10:42 WIB</time>');
    expect(renderPage(model(), 'en', '../')).toContain('Updated <time datetime="2026-12-02T03:42:00.000Z">2 Dec 2026 10:42 WIB</time>');
  });

  it('escapes what the config and on-call staff wrote, and carries no script', () => {
    const html = renderPage(
      model({
        apps: [{
          app: 'x', name: '<img src=x onerror=alert(1)>', status: 'down', latencyMs: null, availability90d: null, days: [],
          incidents: [{ id: 'i', status: 'open', start: '2026-12-02T03:00:00Z', end: null, durationMs: null, notes: [{ ts: '2026-12-02T03:10:00Z', text: '<script>x</script>' }] }],
        }],
      }),
      'id',
      '',
    );
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('Status &#60;KPU&#62;');
  });

  it('names every status in words, never by colour alone', () => {
    for (const status of ['up', 'degraded', 'down', 'maintenance', 'unknown'] as const) {
      const html = renderPage(model({ overall: status, apps: [{ app: 'a', name: 'A', status, latencyMs: 1, availability90d: 100, days: [], incidents: [] }] }), 'id', '');
      expect(html).toContain(`<p class="state s-${status}">${TEXT.id.status[status]}</p>`);
      expect(html).toContain(TEXT.id.overall[status]);
    }
  });

  it('tells the bars in a sentence: the bad days, and the days without data', () => {
    const days = [
      { day: '2026-11-12', availability: null },
      { day: '2026-11-13', availability: 97.5 },
      { day: '2026-11-14', availability: 100 },
    ];
    expect(barsSentence(days, TEXT.id)).toBe('Hari dengan gangguan: 13 Nov 97,5%. 1 hari tanpa data.');
    expect(barsSentence(days.slice(2), TEXT.en)).toBe('No disruption recorded in the 1 days with data.');
    expect(days.map(barClass)).toEqual(['n', 'p', 'f']);
    expect(barClass({ day: 'd', availability: 99.5 })).toBe('m');
    expect(barClass({ day: 'd', availability: 90 })).toBe('x');
  });
});
