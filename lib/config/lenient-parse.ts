import type { z } from 'zod';
import { Problems, type Path } from './problems';

/**
 * Parses one object (a target, a defaults block, a capacity source …), reporting its problems,
 * and — when it is invalid — parses it again without the offending fields. The second result is
 * never used to build a config (the problems already stop that); it lets the later checks (URL,
 * timeout vs interval, quorum …) still look at the rest of the object, so one run reports every
 * problem instead of one field at a time.
 */
export interface Lenient<T> {
  data: T;
  /** Fields left out because they were invalid: checks that involve them are skipped. */
  dropped: ReadonlySet<string>;
}

export function parseLenient<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  path: Path,
  problems: Problems,
): Lenient<z.output<S>> | undefined {
  const first = schema.safeParse(raw, { reportInput: true });
  if (first.success) return { data: first.data, dropped: new Set() };
  problems.addZod(path, first.error);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;

  let current = { ...(raw as Record<string, unknown>) };
  const dropped = new Set<string>();
  let issues = first.error.issues;
  for (let attempt = 0; attempt < 3; attempt++) {
    const bad = new Set<string>();
    for (const issue of issues) {
      if (issue.code === 'unrecognized_keys' && issue.path.length === 0) issue.keys.forEach((k) => bad.add(k));
      else if (issue.path.length > 0 && typeof issue.path[0] === 'string') bad.add(issue.path[0]);
      else return undefined; // the object as a whole is wrong: nothing sensible to salvage
    }
    for (const key of bad) {
      if (!(key in current)) return undefined; // a required field is missing: stop here
      delete current[key];
      dropped.add(key);
    }
    const again = schema.safeParse(current, { reportInput: true });
    if (again.success) return { data: again.data, dropped };
    issues = again.error.issues;
    current = { ...current };
  }
  return undefined;
}
