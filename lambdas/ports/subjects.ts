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
  | { kind: 'alarm'; region: string; alarmName: string }
  /** One finding kind of one target, watched by the security patrol. */
  | { kind: 'security'; target: string; finding: string }
  /** The low-severity security findings of one day (`YYYY-MM-DD` in the alerting time zone), sent once as a digest. */
  | { kind: 'security-digest'; day: string };

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
    case 'security':
      return `security:${ref.target}\u0000${ref.finding}`;
    case 'security-digest':
      return `security-digest:${ref.day}`;
  }
}

export const targetSubject = (target: string): SubjectRef => ({ kind: 'target', target });
export const capacitySubject = (site: string, resource: string): SubjectRef => ({ kind: 'capacity', site, resource });
export const securitySubject = (target: string, finding: string): SubjectRef => ({ kind: 'security', target, finding });
