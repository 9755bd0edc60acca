/**
 * Who to call and what to read: a target's `owner:` (the team or person in charge) and
 * `runbook:` (the page that says what to do), carried from the config onto every alert about it.
 */
export interface AlertContact {
  owner?: string;
  runbook?: string;
}

/** The contact of a spec that may carry one; undefined when it names neither. */
export function contactOf(spec: { owner?: string; runbook?: string }): AlertContact | undefined {
  const contact: AlertContact = {};
  if (spec.owner) contact.owner = spec.owner;
  if (spec.runbook) contact.runbook = spec.runbook;
  return contact.owner || contact.runbook ? contact : undefined;
}
