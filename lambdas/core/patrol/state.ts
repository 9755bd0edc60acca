import type { FindingKind, SecurityFinding } from './finding';

/**
 * What the patrol remembers of one target between checks (one item per target in the table,
 * through the PatrolBaselines port): the learned page baseline, the accepted certificate and
 * the learned NS set. Plain JSON, bounded (≤ MAX_BLOCKS hashes, ≤ 300 link hosts).
 */
export interface PatrolState {
  content?: ContentBaseline;
  cert?: CertBaseline;
  ns?: string[];
}

export interface ContentBaseline {
  /** Checks learned so far (stops counting at the spec's learnChecks). */
  samples: number;
  /** Hashes of the folded visible text blocks that held over the learning checks. */
  blocks: number[];
  /** Outbound link hosts seen on the page without a lexicon hit. */
  linkHosts: string[];
}

export interface CertBaseline {
  fingerprint256: string;
  issuer: string;
  spki256?: string;
}

/** One judge's share of a verdict: what it judged and raised, and the state it leaves. */
export interface JudgeOutcome<S> {
  judged: FindingKind[];
  findings: SecurityFinding[];
  notes: string[];
  /** The state to store; undefined = unchanged (no write). */
  next?: S;
}

export const MAX_LINK_HOSTS = 300;

export function finding(kind: FindingKind, evidence: string, detail?: string, severity: SecurityFinding['severity'] = 'page'): SecurityFinding {
  const short = evidence.length > 160 ? `${evidence.slice(0, 159)}…` : evidence;
  return { finding: kind, severity, evidence: short, ...(detail ? { detail } : {}) };
}
