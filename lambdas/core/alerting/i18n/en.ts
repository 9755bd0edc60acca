import type { HeadlineParts, Phrases, StormParts } from './types';

/** English: the wording Pantau has always used (field names and words are relied on by readers). */

const regionsWord = (n: number) => (n === 1 ? 'region' : 'regions');

const BACK_AGAIN: Record<HeadlineParts['domain'], string> = { uptime: 'up again', ops: 'cleared', capacity: 'back below critical', security: 'resolved' };

function recovered(p: HeadlineParts): string {
  if (p.downtime !== undefined && p.incidentId) {
    const still = p.stillDegraded !== undefined ? `, still degraded (${p.stillDegraded})` : '';
    return `${p.word} ${p.name}: ${p.prefix}${BACK_AGAIN[p.domain]} after ${p.downtime} down (since ${p.since})${still}, incident ${p.incidentId}`;
  }
  return p.stoppedFlapping ? `${p.word} ${p.name}: stopped flapping; up since ${p.since}` : `${p.word} ${p.name}: no longer degraded after ${p.lasted}`;
}

const NOUNS: Record<StormParts['domain'], string> = { uptime: 'targets', capacity: 'resources', ops: 'checks of Pantau itself', security: 'security findings' };
const listed = (p: StormParts) => (p.more > 0 ? `${p.names} (+${p.more} more)` : p.names);

export const EN: Phrases = {
  locale: 'en',
  verdicts: {
    uptime: { down: 'DOWN', recovered: 'RECOVERED', reminder: 'STILL DOWN', flapping: 'FLAPPING', degraded: 'DEGRADED' },
    capacity: { down: 'CRITICAL', recovered: 'OK', reminder: 'STILL CRITICAL', flapping: 'FLAPPING', degraded: 'WARNING' },
    ops: { down: 'PANTAU ALARM', recovered: 'PANTAU OK', reminder: 'PANTAU STILL ALARM', flapping: 'PANTAU FLAPPING', degraded: 'PANTAU WARNING' },
    security: { down: 'SECURITY', recovered: 'SECURITY RESOLVED', reminder: 'SECURITY STILL OPEN', flapping: 'SECURITY FLAPPING', degraded: 'SECURITY NOTICE' },
  },
  statuses: { up: 'UP', down: 'DOWN', degraded: 'DEGRADED' },
  acknowledged: 'ACKNOWLEDGED',
  headline: {
    down: (p) =>
      p.domain === 'uptime'
        ? `${p.word} ${p.name}: ${p.prefix}${p.cause}${p.fromRegions} since ${p.since}`
        : `${p.word} ${p.name}: ${p.prefix}${p.reason} since ${p.since}`,
    reminder: (p) =>
      p.domain === 'uptime'
        ? `${p.word} ${p.name}: ${p.cause}${p.fromRegions} for ${p.lasted} (since ${p.since})`
        : `${p.word} ${p.name}: ${p.reason} for ${p.lasted} (since ${p.since})`,
    recovered,
    degraded: (p) => `${p.word} ${p.name}: ${p.prefix}${p.reason}${p.fromRegions} since ${p.since}`,
    flapping: (p) =>
      `${p.word} ${p.name}: ${p.flapping!.transitions} state changes in ${p.flapping!.window}, now ${p.flapping!.status}; alerts paused until stable`,
  },
  fromRegions: (seen, of) => ` from ${seen}/${of} ${regionsWord(of)}`,
  stoppedFlapping: 'stopped flapping; ',
  confirmedBy: (by, of) => `confirmed by ${by} of ${of} ${regionsWord(of)}`,
  silentFor: (region, forText) => (forText === null ? `${region} silent` : `${region} silent for ${forText}`),
  impaired: (region) => `${region} impaired`,
  afterMaintenance: (window) => `after maintenance "${window}"`,
  afterSilence: (silence) => `after ${silence}`,
  ownerShort: 'Owner',
  runbookShort: 'Runbook',
  units: { s: 's', min: 'min', h: 'h', d: 'd' },
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  body: {
    subject: { uptime: 'Target', capacity: 'Resource', ops: 'Pantau', security: 'Finding' },
    appSeverity: (app, severity) => `(app ${app}, severity ${severity})`,
    status: 'Status',
    statusSince: (status, since) => `${status} since ${since}`,
    cause: 'Cause',
    reason: 'Reason',
    incident: 'Incident',
    downtime: 'Downtime',
    regions: 'Regions',
    maintenance: 'Maintenance',
    note: 'Note',
    time: 'Time',
    alertId: 'Alert id',
    owner: 'Owner',
    runbook: 'Runbook',
    region: { ok: 'ok', fail: 'FAIL', degraded: 'DEGRADED', impaired: 'IMPAIRED', stale: '[stale]' },
  },
  storm: {
    grouped: (p) => `${p.verdict} ${p.count} ${p.appName} ${NOUNS[p.domain]}${p.causeText}: ${listed(p)}`,
    opening: (p) => `${p.verdict} ${p.count} ${p.appName} ${NOUNS[p.domain]}${p.causeText}: ${listed(p)}; more may follow`,
    digest: (p) => `${p.verdict} ${p.count} more ${p.appName} ${NOUNS[p.domain]}${p.causeText}: ${listed(p)}; ${p.total} in this storm since ${p.since}`,
  },
};
