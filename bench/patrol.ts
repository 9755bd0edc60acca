import { digestPage } from '../lambdas/core/patrol/content';
import { lexiconFor } from '../lambdas/core/patrol/patrol';
import { PATROL_DEFAULTS, type PatrolSpec } from '../lambdas/core/patrol/spec';

/**
 * The patrol's per-check CPU: one page digest (parse, walk, lexicon, baseline hashes) at a
 * typical page size and at the default body cap, read from the tokenizer (the default) and with
 * the DOM built (a target with CSS selectors in its patrol settings). Run: `npx tsx bench/patrol.ts`.
 */

const BLOCK =
  '<div class="item"><h2>Pengumuman KPU 12 Desember 2026</h2><p>Daftar pemilih tetap untuk pemilihan umum di kota contoh, ' +
  'tahap <b>kedua</b> &amp; ketiga.</p><a href="https://bawaslu.go.id/x">Bawaslu</a></div>\n';

function pageOf(bytes: number): string {
  return `<html><body>${BLOCK.repeat(Math.max(1, Math.floor(bytes / BLOCK.length)))}</body></html>`;
}

function msPerDigest(html: string, runs: number, spec: PatrolSpec): number {
  const lexicon = lexiconFor(spec);
  digestPage(html, 'https://kpu.go.id/', spec, lexicon);
  const started = performance.now();
  for (let i = 0; i < runs; i++) digestPage(html, 'https://kpu.go.id/', spec, lexicon);
  return (performance.now() - started) / runs;
}

/** A selector marker makes the digest build the DOM: the cost a target with selectors pays. */
const WITH_SELECTORS: PatrolSpec = { ...PATROL_DEFAULTS, requiredMarkers: [{ selector: 'h2' }] };

for (const [label, bytes, runs] of [['64 KiB', 64 * 1024, 40], ['1 MiB (the default cap)', 1024 * 1024, 5]] as const) {
  const html = pageOf(bytes);
  const streamed = msPerDigest(html, runs, PATROL_DEFAULTS);
  const withDom = msPerDigest(html, runs, WITH_SELECTORS);
  console.log(`patrol digest, ${label} page: ${streamed.toFixed(1)} ms (tokenizer); ${withDom.toFixed(1)} ms with CSS selectors (DOM built)`);
}
