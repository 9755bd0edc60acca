import { describe, expect, it } from 'vitest';
import { readPage } from '../../../../lambdas/core/patrol/page';

/**
 * The page is read from the tokenizer unless CSS selectors need the DOM; both ways must give the
 * same reading (the same segments, blocks and links, in order), or a target's findings would
 * change with its settings.
 */

const PAGES: Record<string, string> = {
  'hidden links, entities, comments, skipped subtrees': `<html><head><title>KPU</title><meta name="description" content="slot gacor"><style>.x{color:red}</style></head>
    <body><h1>Hi &amp; there</h1><p>a<b>b</b>c &#x68;acked</p><div style="display:none"><a href="https://gacor.example/x">Slot <i>gacor</i></a></div>
    <noscript>judi online</noscript><!-- hacked by --><svg><text>slot</text></svg><img alt="maxwin" src="x"><br><p>unclosed<div>inner</div></body></html>`,
  'implied closes, scripts and templates': '<p>one<p>two<ul><li>a<li>b</ul><script>var a="<p>x</p>"</script><template><p>t</p></template><a href="/rel">rel</a><a href="mailto:x">m</a>',
  'stray closes, classes, CDATA, tables': '<div hidden><span>x</span></div><div class="d-none sr-only">y</div></span></b>text<![CDATA[ cdata ]]><table><tr><td>c1<td>c2</table>',
  'text only with entities': 'plain text &nbsp; only &unknown; &lt;tag&gt;',
  'words split by tags': '<p><b>slot</b> <i>gacor</i> and s<b>l</b>ot ga<i>cor</i></p><math><mi>x</mi></math><p>after</p>',
};

describe('reading a page', () => {
  it.each(Object.entries(PAGES))('%s: the tokenizer reads what the DOM walk reads', (_name, html) => {
    const streamed = readPage(html, 'https://kpu.go.id/', [], false);
    const { document, ...walked } = readPage(html, 'https://kpu.go.id/', [], true);
    expect(document).toBeDefined();
    expect(streamed).toEqual(walked);
    expect(streamed.segments.length).toBeGreaterThan(0);
  });

  it('builds no DOM unless selectors ask for one', () => {
    const html = PAGES['hidden links, entities, comments, skipped subtrees']!;
    expect(readPage(html, 'https://kpu.go.id/').document).toBeUndefined();
    const withSelector = readPage(html, 'https://kpu.go.id/', ['h1']);
    expect(withSelector.document).toBeDefined();
    expect(withSelector.blocks.find((b) => b.text === 'Hi & there')?.ignored).toBe(true);
  });
});
