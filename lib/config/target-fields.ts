import type { CheckKindDescriptor, ExpectField } from '../../lambdas/core/checks/kinds/descriptor';
import type { Path, Problems } from './problems';
import type { TargetFields } from './schema';

/**
 * Settings only some check kinds use. Which ones a kind takes is its descriptor's to say
 * (configFields, expectFields); here they are held against what a target wrote.
 */

/** Settings that shape an HTTP request: meaningless to a kind that sends none. */
const REQUEST_FIELDS = ['method', 'headers', 'secretHeaders', 'body', 'maxRedirects', 'maxBodyBytes'] as const;

/** Fields written on the target itself that its check kind cannot use are mistakes: say so. */
export function checkKindFields(kind: CheckKindDescriptor, own: TargetFields, path: Path, problems: Problems): void {
  const scheme = kind.label;
  for (const key of REQUEST_FIELDS) {
    if (own[key] !== undefined && !kind.configFields.includes(key)) {
      problems.add([...path, key], `a ${scheme} target sends no HTTP request — remove ${key} or use an https:// URL`);
    }
  }
  if (own.tls !== undefined && !kind.configFields.includes('tls')) {
    problems.add([...path, 'tls'], `a ${scheme} target has no TLS — remove tls or use a tls://host:port or https:// URL`);
  }
  for (const key of Object.keys(own.expect ?? {}) as ExpectField[]) {
    if (kind.expectFields.includes(key)) continue;
    const allowed = kind.expectFields.join(', ');
    problems.add([...path, 'expect', key], `a ${scheme} target cannot check ${key} — remove it (${scheme} targets check ${allowed})`);
  }
}

/** The merged `expect:` without inherited fields the kind cannot use (a body keyword from defaults on a tcp:// target). */
export function usableExpect(kind: CheckKindDescriptor | undefined, expect: TargetFields['expect']): NonNullable<TargetFields['expect']> {
  const usable = { ...expect };
  if (!kind) return usable;
  for (const key of Object.keys(usable) as ExpectField[]) {
    if (!kind.expectFields.includes(key)) delete usable[key];
  }
  return usable;
}
