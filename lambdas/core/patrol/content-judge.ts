import type { ContentDigest, PlacedHit } from './content';
import type { FindingKind, SecurityFinding } from './finding';
import type { PatrolSpec } from './spec';
import { finding, MAX_LINK_HOSTS, type ContentBaseline, type JudgeOutcome } from './state';

/**
 * Judges one page digest: the lexicon (defacement, gambling content), the required markers, the
 * baseline (learned over the first checks or pinned) and the outbound links. Pure: the stored
 * baseline in, the verdict and the baseline to store out.
 */

/** Under the threshold, a page that moved by more than this share of it becomes the new baseline. */
export const FOLLOW_SHARE = 1 / 3;
const EXCERPT_BLOCKS = 3;

/** Hidden placements say the most (someone hid them), then markup a visitor never sees, then visible text. */
function placementRank(where: string): number {
  if (/hidden|<noscript>|<script>|<template>/.test(where)) return 0;
  return where.startsWith('visible') ? 2 : 1;
}

function hitEvidence(hits: PlacedHit[]): { evidence: string; detail: string } {
  const first = hits.reduce((best, h) => (placementRank(h.where) < placementRank(best.where) ? h : best));
  return {
    evidence: `"${first.term}" in ${first.where}`,
    detail: hits.map((h) => `"${h.term}" in ${h.where}`).join('; '),
  };
}

export function lexiconFindings(hits: PlacedHit[]): SecurityFinding[] {
  const out: SecurityFinding[] = [];
  for (const kind of ['defacement', 'gambling_content'] as const) {
    const ofKind = hits.filter((h) => h.finding === kind);
    if (ofKind.length === 0) continue;
    const { evidence, detail } = hitEvidence(ofKind);
    out.push(finding(kind, evidence, detail));
  }
  return out;
}

export interface BlockChange {
  ratio: number;
  added: string[];
  removed: number;
}

/** Share of blocks added or removed over the blocks of both (Jaccard distance), with the added texts. */
export function blockChange(baseline: readonly number[], digest: ContentDigest): BlockChange {
  const before = new Set(baseline);
  const now = new Set(digest.blocks.map((b) => b.hash));
  const added = digest.blocks.filter((b) => !before.has(b.hash));
  let removed = 0;
  for (const h of before) if (!now.has(h)) removed++;
  const union = before.size + added.length;
  return { ratio: union === 0 ? 0 : (added.length + removed) / union, added: added.map((b) => b.text), removed };
}

function changeFinding(change: BlockChange, baselineSize: number, limit: number): SecurityFinding {
  const percent = Math.round(change.ratio * 100);
  const excerpt = change.added.slice(0, EXCERPT_BLOCKS).map((t) => `+ "${t}"`).join(' ');
  const gone = `− ${change.removed} of ${baselineSize} baseline blocks gone`;
  return finding(
    'content_changed',
    `${percent}% of the text changed (max ${Math.round(limit * 100)}%): ${excerpt || gone}`,
    `${gone}; ${change.added.length} new: ${change.added.slice(0, 10).map((t) => `"${t}"`).join(', ')}`,
  );
}

/** Learning: the blocks that held over every learning check (a rotating banner drops out). */
function learn(previous: ContentBaseline | undefined, digest: ContentDigest, links: string[]): ContentBaseline {
  const now = digest.blocks.map((b) => b.hash);
  const blocks = previous && previous.samples > 0 ? previous.blocks.filter((h) => now.includes(h)) : now;
  return { samples: (previous?.samples ?? 0) + 1, blocks, linkHosts: links };
}

function linkJudgement(digest: ContentDigest, known: readonly string[]): { findings: SecurityFinding[]; hosts: string[] } {
  const knownSet = new Set(known);
  const injected = digest.links.filter((l) => l.term && !knownSet.has(l.host));
  const hosts = [...known];
  for (const link of digest.links) {
    if (!link.term && !knownSet.has(link.host) && hosts.length < MAX_LINK_HOSTS) {
      knownSet.add(link.host);
      hosts.push(link.host);
    }
  }
  if (injected.length === 0) return { findings: [], hosts };
  const first = injected[0]!;
  const detail = injected.slice(0, 10).map((l) => `${l.host} "${l.text}" ("${l.term}")`).join('; ');
  return { findings: [finding('injected_link', `link to new domain ${first.host}: "${first.text || first.term}" matches "${first.term}"`, detail)], hosts };
}

export function judgeContent(digest: ContentDigest, stored: ContentBaseline | undefined, spec: PatrolSpec, pinned?: number[]): JudgeOutcome<ContentBaseline> {
  const judged: FindingKind[] = ['defacement', 'gambling_content', 'injected_link'];
  const findings = lexiconFindings(digest.hits);
  const notes: string[] = [];
  if (spec.requiredMarkers.length > 0) {
    judged.push('marker_missing');
    if (digest.missingMarkers.length > 0) {
      findings.push(finding('marker_missing', `missing ${digest.missingMarkers.join(', ')}`));
    }
  }
  const links = linkJudgement(digest, stored?.linkHosts ?? []);
  findings.push(...links.findings);
  const linksChanged = links.hosts.length !== (stored?.linkHosts.length ?? -1);

  const baseline = pinned ?? (stored && stored.samples >= spec.learnChecks ? stored.blocks : undefined);
  if (!baseline) {
    // A page with forbidden content is never learned as normal.
    if (digest.hits.length > 0) return { judged, findings, notes, ...(linksChanged && stored ? { next: { ...stored, linkHosts: links.hosts } } : {}) };
    const next = learn(stored, digest, links.hosts);
    notes.push(`baseline learning (${next.samples}/${spec.learnChecks})`);
    return { judged, findings, notes, next };
  }
  judged.push('content_changed');
  const change = blockChange(baseline, digest);
  let next: ContentBaseline | undefined = linksChanged ? { ...(stored ?? { samples: 0, blocks: [] }), linkHosts: links.hosts } : undefined;
  if (change.ratio > spec.maxChangeRatio) {
    findings.push(changeFinding(change, baseline.length, spec.maxChangeRatio));
  } else if (!pinned && change.ratio > spec.maxChangeRatio * FOLLOW_SHARE && digest.hits.length === 0) {
    // Slow honest edits (a news list growing) must never add up to an alert: past a third of
    // the threshold the baseline follows the page.
    next = { samples: stored!.samples, blocks: digest.blocks.map((b) => b.hash), linkHosts: links.hosts };
    notes.push(`baseline followed the page (${Math.round(change.ratio * 100)}% changed)`);
  }
  return { judged, findings, notes, ...(next ? { next } : {}) };
}
