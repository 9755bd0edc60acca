import type { SubjectRef } from '../../ports';
import { ONCALL_OVERRIDES_PK } from '../../contracts/oncall';

/**
 * DynamoDB single-table keys. Kept in one place so the DynamoDB adapters (results, subject
 * state, storm windows, capacity) can never disagree on an item's address; nothing outside
 * lambdas/adapters/dynamo (and tests that look at raw items) knows this layout.
 */

export interface ItemKey {
  pk: string;
  sk: string;
}

export const targetPk = (targetId: string): string => `TARGET#${targetId}`;

export const stateKey = (targetId: string): ItemKey => ({ pk: targetPk(targetId), sk: 'STATE' });

/** The security patrol's learned state of a target (ports/patrol-baselines.ts). */
export const patrolKey = (targetId: string): ItemKey => ({ pk: targetPk(targetId), sk: 'PATROL' });

export const resultKey = (targetId: string, isoTs: string, region: string): ItemKey => ({
  pk: targetPk(targetId),
  sk: `RESULT#${isoTs}#${region}`,
});

export const incidentKey = (targetId: string, startIso: string): ItemKey => ({
  pk: targetPk(targetId),
  sk: `INCIDENT#${startIso}`,
});

export const capacityPk = (site: string, resource: string): string => `CAPACITY#${site}#${resource}`;

export const capacitySampleKey = (site: string, resource: string, isoTs: string): ItemKey => ({
  pk: capacityPk(site, resource),
  sk: `SAMPLE#${isoTs}`,
});

export const capacityStateKey = (site: string, resource: string): ItemKey => ({
  pk: capacityPk(site, resource),
  sk: 'STATE',
});

/**
 * Alert-storm buckets (storm-windows.ts): one partition per (topic, app, kind)
 * holding the current window (`HEAD`), the windows (`WINDOW#<start ISO>#<nonce>`: the member
 * list) and one item per member alert (`MEMBER#<dedupId>`: its window and the full alert).
 */
export const stormPk = (topic: string, app: string, kind: string): string => `STORM#${topic}#${app}#${kind}`;

export const stormHeadKey = (topic: string, app: string, kind: string): ItemKey => ({ pk: stormPk(topic, app, kind), sk: 'HEAD' });

export const stormWindowKey = (topic: string, app: string, kind: string, windowId: string): ItemKey => ({
  pk: stormPk(topic, app, kind),
  sk: `WINDOW#${windowId}`,
});

export const stormMemberKey = (topic: string, app: string, kind: string, dedupId: string): ItemKey => ({
  pk: stormPk(topic, app, kind),
  sk: `MEMBER#${dedupId}`,
});

/**
 * Storm windows waiting for their follow-up digest, in one partition sorted by when they are
 * due: any run finds the ended ones with one Query (`sk < now`), whatever it evaluated.
 */
export const STORM_DUE_PK = 'STORM#DUE';

export const stormDueKey = (flushAfterIso: string, window: ItemKey): ItemKey => ({
  pk: STORM_DUE_PK,
  sk: `${flushAfterIso}#${window.pk}#${window.sk}`,
});

/**
 * Pantau's own CloudWatch alarms relayed through the alert engine (the alarm relay):
 * one STATE item and the incidents per alarm. Alarm names are unique per account and region
 * only, so the region is part of the address.
 */
export const alarmPk = (region: string, alarmName: string): string => `ALARM#${region}#${alarmName}`;

export const alarmStateKey = (region: string, alarmName: string): ItemKey => ({ pk: alarmPk(region, alarmName), sk: 'STATE' });

/** Pantau's operational subjects (a probe region's health): one STATE item and the incidents. */
export const opsPk = (subject: string): string => `OPS#${subject}`;

/** A security subject (one finding kind of one target): its STATE item and incidents. */
export const securityPk = (target: string, finding: string): string => `SECURITY#${target}#${finding}`;

/** One day's low-severity security findings, waiting for the daily digest (the item expires: securityDigestTtl). */
export const securityDigestPk = (day: string): string => `SECURITY-DIGEST#${day}`;

/** The partition holding a subject's STATE item and its INCIDENT# items. */
export function subjectPk(subject: SubjectRef): string {
  switch (subject.kind) {
    case 'target':
      return targetPk(subject.target);
    case 'capacity':
      return capacityPk(subject.site, subject.resource);
    case 'ops':
      return opsPk(subject.subject);
    case 'alarm':
      return alarmPk(subject.region, subject.alarmName);
    case 'security':
      return securityPk(subject.target, subject.finding);
    case 'security-digest':
      return securityDigestPk(subject.day);
  }
}

export const subjectStateKey = (subject: SubjectRef): ItemKey => ({ pk: subjectPk(subject), sk: 'STATE' });

export const subjectIncidentKey = (subject: SubjectRef, startIso: string): ItemKey => ({
  pk: subjectPk(subject),
  sk: `INCIDENT#${startIso}`,
});

/** The chat relay's delivery ledger: one item per channel and alert (delivery-ledger.ts), expiring by TTL. */
export const deliveryKey = (channel: string, dedupId: string): ItemKey => ({ pk: `CHAT#${channel}`, sk: `DELIVERY#${dedupId}` });
/**
 * Notes on a subject's incidents (`pantau note`), beside its INCIDENT# items: the engine rewrites
 * an incident's projection as it changes, so a note never lives inside it. The time and a nonce
 * keep notes written at the same instant apart.
 */
export const incidentNoteKey = (subject: SubjectRef, incidentStart: string, noteTs: string, nonce: string): ItemKey => ({
  pk: subjectPk(subject),
  sk: `NOTE#${incidentStart}#${noteTs}#${nonce}`,
});

export const INCIDENT_NOTE_PREFIX = 'NOTE#';

/** Silences and ad-hoc maintenance windows: one partition, so a probe run reads them all in one Query. */
export const OVERRIDES_PK = ONCALL_OVERRIDES_PK;

export const overrideKey = (id: string): ItemKey => ({ pk: OVERRIDES_PK, sk: `OVERRIDE#${id}` });
/**
 * Daily availability of an app (the status page's bars): one item per local day, `AVAIL#<app>` /
 * `DAY#<YYYY-MM-DD>`, so 90 days are one Query on one partition.
 */
export const availabilityPk = (app: string): string => `AVAIL#${app}`;

export const availabilityDayKey = (app: string, day: string): ItemKey => ({ pk: availabilityPk(app), sk: `DAY#${day}` });
