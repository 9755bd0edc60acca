import type { CheckKind, TargetSpec } from '../../types';
import { CheckFailure } from '../classify';
import type { CheckKindDescriptor } from './descriptor';
import { dnsKind } from './dns';
import { httpKind } from './http';
import { tcpKind } from './tcp';
import { tlsKind } from './tls';

/**
 * The check kinds, one line each. Typed by the CheckKind union, so a kind named there without a
 * line here (or the reverse) does not compile.
 *
 * Readers take the registry as an optional last parameter defaulting to CHECK_KINDS rather than
 * reading a mutable global: production code never passes it, and a test can hand the loader, the
 * engine and the metric count a copy with an extra kind in it ({ ...CHECK_KINDS, fake }) without
 * patching anything shared between tests. The first entry is the primary kind: messages that list
 * the schemes name it first ("not an http(s) URL (nor tcp://, …)").
 */
export const CHECK_KINDS: Record<CheckKind, CheckKindDescriptor> = {
  http: httpKind,
  tcp: tcpKind,
  tls: tlsKind,
  dns: dnsKind,
};

/** CHECK_KINDS, or a test's copy with more kinds: keys are kind names. */
export type CheckKindRegistry = Readonly<Record<string, CheckKindDescriptor>>;

/**
 * The descriptor of a kind. A kind missing from the registry can only come from a spec built by
 * hand (the loader never makes one): it fails that check with class `error`, not the process.
 */
export function descriptorFor(kind: string, kinds: CheckKindRegistry = CHECK_KINDS): CheckKindDescriptor {
  const descriptor = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
  if (!descriptor) throw new CheckFailure('error', `unknown check kind ${kind}`);
  return descriptor;
}

/** The kind a URL's scheme names (case-insensitive), or undefined for a scheme no kind takes. */
export function kindOf(url: string, kinds: CheckKindRegistry = CHECK_KINDS): CheckKind | undefined {
  const scheme = /^\s*([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  const found = Object.entries(kinds).find(([, d]) => Object.hasOwn(d.schemes, scheme));
  // A test registry's extra kinds are kinds too, though the union does not name them.
  return found?.[0] as CheckKind | undefined;
}

/** The port a scheme's usual service listens on (for fixes), undefined for a scheme no kind takes. */
export function usualPortOf(scheme: string, kinds: CheckKindRegistry = CHECK_KINDS): number | undefined {
  const descriptor = Object.values(kinds).find((d) => Object.hasOwn(d.schemes, scheme));
  return descriptor?.schemes[scheme];
}

/** True when the target's checks report a certificate (https://, tls://). */
export function reportsCertificate(target: Pick<TargetSpec, 'kind' | 'url'>, kinds: CheckKindRegistry = CHECK_KINDS): boolean {
  return descriptorFor(target.kind, kinds).reportsCertificate(target);
}
