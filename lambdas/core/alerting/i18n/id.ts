import type { HeadlineParts, Phrases, StormParts } from './types';

/**
 * Bahasa Indonesia, as NOC staff write it in a chat group at 3 a.m.: short, with the English
 * words Indonesian operations use anyway (DOWN, region, timeout, runbook, maintenance) and the
 * Indonesian ones where they read more naturally (PULIH, MASIH DOWN, TIDAK STABIL, sejak, selama).
 * "PIC" (person in charge) is how Indonesian teams name the owner of a system.
 */

const BACK_AGAIN: Record<HeadlineParts['domain'], string> = {
  uptime: 'normal kembali',
  ops: 'alarm selesai',
  capacity: 'kembali di bawah batas kritis',
  security: 'selesai',
};

function recovered(p: HeadlineParts): string {
  if (p.downtime !== undefined && p.incidentId) {
    const still = p.stillDegraded !== undefined ? `, masih terganggu (${p.stillDegraded})` : '';
    return `${p.word} ${p.name}: ${p.prefix}${BACK_AGAIN[p.domain]} setelah ${p.downtime} down (sejak ${p.since})${still}, insiden ${p.incidentId}`;
  }
  return p.stoppedFlapping ? `${p.word} ${p.name}: sudah stabil; normal sejak ${p.since}` : `${p.word} ${p.name}: tidak lagi terganggu setelah ${p.lasted}`;
}

const NOUNS: Record<StormParts['domain'], string> = { uptime: 'target', capacity: 'sumber daya', ops: 'pemeriksaan Pantau', security: 'temuan keamanan' };
const listed = (p: StormParts) => (p.more > 0 ? `${p.names} (+${p.more} lainnya)` : p.names);

export const ID: Phrases = {
  locale: 'id',
  verdicts: {
    uptime: { down: 'DOWN', recovered: 'PULIH', reminder: 'MASIH DOWN', flapping: 'TIDAK STABIL', degraded: 'TERGANGGU' },
    capacity: { down: 'KRITIS', recovered: 'NORMAL', reminder: 'MASIH KRITIS', flapping: 'TIDAK STABIL', degraded: 'PERINGATAN' },
    ops: { down: 'PANTAU ALARM', recovered: 'PANTAU NORMAL', reminder: 'PANTAU MASIH ALARM', flapping: 'PANTAU TIDAK STABIL', degraded: 'PANTAU PERINGATAN' },
    security: { down: 'KEAMANAN', recovered: 'KEAMANAN SELESAI', reminder: 'KEAMANAN MASIH TERBUKA', flapping: 'KEAMANAN TIDAK STABIL', degraded: 'KEAMANAN CATATAN' },
  },
  statuses: { up: 'UP', down: 'DOWN', degraded: 'TERGANGGU' },
  acknowledged: 'DITANGANI',
  headline: {
    down: (p) =>
      p.domain === 'uptime'
        ? `${p.word} ${p.name}: ${p.prefix}${p.cause}${p.fromRegions} sejak ${p.since}`
        : `${p.word} ${p.name}: ${p.prefix}${p.reason} sejak ${p.since}`,
    reminder: (p) =>
      p.domain === 'uptime'
        ? `${p.word} ${p.name}: ${p.cause}${p.fromRegions} selama ${p.lasted} (sejak ${p.since})`
        : `${p.word} ${p.name}: ${p.reason} selama ${p.lasted} (sejak ${p.since})`,
    recovered,
    degraded: (p) => `${p.word} ${p.name}: ${p.prefix}${p.reason}${p.fromRegions} sejak ${p.since}`,
    flapping: (p) =>
      `${p.word} ${p.name}: ${p.flapping!.transitions} kali ganti status dalam ${p.flapping!.window}, kini ${p.flapping!.status}; notifikasi ditahan sampai stabil`,
  },
  fromRegions: (seen, of) => ` dari ${seen}/${of} region`,
  stoppedFlapping: 'sudah stabil; ',
  confirmedBy: (by, of) => `dikonfirmasi ${by} dari ${of} region`,
  silentFor: (region, forText) => (forText === null ? `${region} tidak melapor` : `${region} tidak melapor selama ${forText}`),
  impaired: (region) => `${region} bermasalah`,
  afterMaintenance: (window) => `setelah maintenance "${window}"`,
  afterSilence: (silence) => `setelah ${silence}`,
  ownerShort: 'PIC',
  runbookShort: 'Runbook',
  units: { s: 'detik', min: 'menit', h: 'jam', d: 'hari' },
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  body: {
    subject: { uptime: 'Target', capacity: 'Sumber daya', ops: 'Pantau', security: 'Temuan' },
    appSeverity: (app, severity) => `(aplikasi ${app}, severity ${severity})`,
    status: 'Status',
    statusSince: (status, since) => `${status} sejak ${since}`,
    cause: 'Penyebab',
    reason: 'Alasan',
    incident: 'Insiden',
    downtime: 'Lama down',
    regions: 'Region',
    maintenance: 'Maintenance',
    note: 'Catatan',
    time: 'Waktu',
    alertId: 'ID alert',
    owner: 'PIC',
    runbook: 'Runbook',
    region: { ok: 'ok', fail: 'GAGAL', degraded: 'TERGANGGU', impaired: 'BERMASALAH', stale: '[data lama]' },
  },
  storm: {
    grouped: (p) => `${p.verdict} ${p.count} ${NOUNS[p.domain]} ${p.appName}${p.causeText}: ${listed(p)}`,
    opening: (p) => `${p.verdict} ${p.count} ${NOUNS[p.domain]} ${p.appName}${p.causeText}: ${listed(p)}; mungkin bertambah`,
    digest: (p) => `${p.verdict} ${p.count} ${NOUNS[p.domain]} ${p.appName} lagi${p.causeText}: ${listed(p)}; ${p.total} dalam badai ini sejak ${p.since}`,
  },
};
