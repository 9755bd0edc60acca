/** Where a check can be: used for phase timings and "timeout after N ms <phase>" reasons. */
export type CheckPhase = 'dns' | 'connect' | 'tls' | 'headers' | 'body' | 'answer';

const PHASE_TEXT: Record<CheckPhase, string> = {
  dns: 'resolving DNS',
  connect: 'connecting',
  tls: 'in TLS handshake',
  headers: 'waiting for headers',
  body: 'reading body',
  answer: 'waiting for DNS answer',
};

export function describePhase(phase: CheckPhase): string {
  return PHASE_TEXT[phase];
}
