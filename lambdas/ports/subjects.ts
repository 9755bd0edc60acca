/**
 * What the alert engine watches, by identity. The cycles name subjects; only a storage adapter
 * knows where a subject's state and incidents live.
 */
export type SubjectRef =
  /** An uptime target of the config. */
  | { kind: 'target'; target: string }
  /** A capacity resource (or a source's own health, as resource `source:<id>`) of a site. */
  | { kind: 'capacity'; site: string; resource: string }
  /** An operational subject of Pantau itself (a probe region's health). */
  | { kind: 'ops'; subject: string }
  /** One of Pantau's own CloudWatch alarms: names are unique per account and region only. */
  | { kind: 'alarm'; region: string; alarmName: string };

/** A stable string for a subject, for maps and logs (not a storage address). */
export function subjectId(ref: SubjectRef): string {
  switch (ref.kind) {
    case 'target':
      return `target:${ref.target}`;
    case 'capacity':
      return `capacity:${ref.site}\u0000${ref.resource}`;
    case 'ops':
      return `ops:${ref.subject}`;
    case 'alarm':
      return `alarm:${ref.region}\u0000${ref.alarmName}`;
  }
}

export const targetSubject = (target: string): SubjectRef => ({ kind: 'target', target });
export const capacitySubject = (site: string, resource: string): SubjectRef => ({ kind: 'capacity', site, resource });
