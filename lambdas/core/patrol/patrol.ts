import type { TlsDetails } from '../checks/cert';
import type { KindObservation } from '../checks/kinds/descriptor';
import type { FailureClass, TargetSpec } from '../types';
import { exhausted, extraBudgetOf, skippedNote } from './budget';
import { judgeCert, judgeRefusedHandshake } from './cert-judge';
import { digestPage, pinnedBlocks, type ContentDigest } from './content';
import { judgeContent } from './content-judge';
import { judgeAnswers, judgeNameServers } from './dns-judge';
import { cloakingOutcome, NETWORK_IO, sitemapOutcome, type PatrolIo } from './extras';
import type { PatrolVerdict } from './finding';
import { judgeHeaders } from './headers';
import { Lexicon } from './lexicon';
import { isExtraFetchSlot, patrolOf, patrolReadsBody, type PatrolSpec } from './spec';
import type { JudgeOutcome, PatrolState } from './state';

/**
 * The security patrol of one check, in two steps:
 * 1. `digestCheck`, synchronous, right after the check: the body is read into a compact digest
 *    and dropped, with the headers' verdict, the handshake and the DNS answers.
 * 2. `judgePatrol`, with the target's stored state: baselines, certificate, name servers and, on
 *    every Nth check, the extra fetches. It answers the verdict for `result.patrol` and the state
 *    to store (undefined when nothing changed: no write).
 */

/** What a check saw, as the engine hands it over (the kind's observation and the TLS handshakes). */
export interface ObservedCheck {
  target: TargetSpec;
  observation: KindObservation;
  handshakes: TlsDetails[];
  /** Why the check failed, when it did (a refused handshake can be evidence of a weak server). */
  failure?: { error: FailureClass; reason: string };
}

export interface PatrolDigest {
  content?: ContentDigest;
  headers?: JudgeOutcome<never>;
  handshake?: TlsDetails;
  /** The reason of a handshake the client refused (judged for weak_tls). */
  refusedHandshake?: string;
  answers?: string[];
}

const lexicons = new Map<string, Lexicon>();

/** The target's lexicon (shipped + its additions − its ignores), compiled once per distinct setting. */
export function lexiconFor(spec: PatrolSpec): Lexicon {
  const key = JSON.stringify([spec.lexiconAdd, spec.lexiconIgnore]);
  let lexicon = lexicons.get(key);
  if (!lexicon) {
    lexicon = new Lexicon(spec.lexiconAdd, spec.lexiconIgnore);
    lexicons.set(key, lexicon);
  }
  return lexicon;
}

export function digestCheck({ target, observation, handshakes, failure }: ObservedCheck): PatrolDigest | null {
  const spec = patrolOf(target);
  if (!spec.enabled) return null;
  const digest: PatrolDigest = {};
  const http = observation.http;
  const https = target.url.startsWith('https:');
  if (http && http.status >= 200 && http.status < 300 && http.body !== null && patrolReadsBody(target)) {
    digest.content = digestPage(http.body, target.url, spec, lexiconFor(spec));
  }
  if (http && spec.headers && http.status >= 200 && http.status < 400) digest.headers = judgeHeaders(http.headers, https);
  if (handshakes[0] && spec.certificate) digest.handshake = handshakes[0];
  if (failure?.error === 'tls' && !handshakes[0] && spec.certificate && (https || target.kind === 'tls')) digest.refusedHandshake = failure.reason;
  if (observation.answers) digest.answers = observation.answers;
  return digest.content || digest.headers || digest.handshake || digest.refusedHandshake || digest.answers ? digest : null;
}

export interface PatrolJudgement {
  verdict: PatrolVerdict;
  /** The state to store; undefined when nothing changed. */
  next?: PatrolState;
}

export interface JudgeOptions {
  /** When the check started (its time slot decides the extra fetches; its timeout bounds them). */
  startedAtMs: number;
  io?: PatrolIo;
  /** The run's abort signal: extra fetches stop when it aborts. */
  signal?: AbortSignal;
}

export async function judgePatrol(target: TargetSpec, digest: PatrolDigest, stored: PatrolState | undefined, o: JudgeOptions): Promise<PatrolJudgement> {
  const spec = patrolOf(target);
  const io = o.io ?? NETWORK_IO;
  const extra = isExtraFetchSlot(o.startedAtMs, target.intervalMs, spec.extraEvery);
  const budget = extraBudgetOf(o.startedAtMs, target.timeoutMs, o.signal);
  const outcomes: Array<JudgeOutcome<unknown> | null | undefined> = [digest.headers];
  const next: PatrolState = { ...stored };
  let changed = false;
  const keep = <S>(outcome: JudgeOutcome<S>, store: (value: S) => void): JudgeOutcome<S> => {
    if (outcome.next !== undefined) {
      store(outcome.next);
      changed = true;
    }
    return outcome;
  };
  if (digest.content) {
    const pinned = spec.pinnedText ? pinnedBlocks(spec.pinnedText, spec) : undefined;
    outcomes.push(keep(judgeContent(digest.content, stored?.content, spec, pinned), (v) => (next.content = v)));
    if (extra && spec.cloaking) outcomes.push(await cloakingOutcome(target, spec, digest.content, lexiconFor(spec), io, budget));
    if (extra && spec.sitemaps.length > 0) outcomes.push(await sitemapOutcome(target, spec, lexiconFor(spec), io, budget));
  }
  if (digest.handshake) {
    const host = target.tls.serverName ?? new URL(target.url).hostname;
    const plan = { expectIssuer: target.tls.expectIssuer, pins: target.tls.pins };
    outcomes.push(keep(judgeCert(digest.handshake, host, stored?.cert, plan), (v) => (next.cert = v)));
  }
  if (digest.refusedHandshake) outcomes.push(judgeRefusedHandshake(digest.refusedHandshake));
  if (digest.answers) {
    outcomes.push(judgeAnswers(digest.answers, target.expect.allow ?? []));
    const ns = extra ? await io.nameServers(target, budget) : null;
    if (extra && !ns && exhausted(budget)) outcomes.push({ judged: [], findings: [], notes: [skippedNote('name server query', budget)] });
    if (ns) outcomes.push(keep(judgeNameServers(ns, stored?.ns), (v) => (next.ns = v)));
  }
  return { verdict: verdictOf(outcomes), ...(changed ? { next } : {}) };
}

function verdictOf(outcomes: Array<JudgeOutcome<unknown> | null | undefined>): PatrolVerdict {
  const present = outcomes.filter((o): o is JudgeOutcome<unknown> => Boolean(o));
  const notes = present.flatMap((o) => o.notes);
  return {
    judged: [...new Set(present.flatMap((o) => o.judged))],
    findings: present.flatMap((o) => o.findings),
    ...(notes.length > 0 ? { notes } : {}),
  };
}
