import type { TargetSpec } from '../types';
import { openConnection, type TlsSettings } from './connect';
import type { CheckContext } from './timing';

/**
 * The tls://host:port check: a TLS handshake and the leaf certificate (expiry, issuer,
 * fingerprint), for services that are not HTTP or where only the certificate matters.
 */

/** The TLS settings of a target (verification on unless insecureSkipVerify). */
export function tlsSettingsFor(target: TargetSpec): TlsSettings {
  return {
    insecureSkipVerify: target.tls.insecureSkipVerify,
    ...(target.tls.caPem ? { caPem: target.tls.caPem } : {}),
    ...(target.tls.serverName ? { serverName: target.tls.serverName } : {}),
  };
}

/** Host and port of a tcp:// or tls:// URL (the config loader guarantees the port). */
export function hostPort(target: TargetSpec): { host: string; port: number } {
  const url = new URL(target.url);
  return { host: url.hostname, port: Number(url.port) };
}

export async function tlsCheck(target: TargetSpec, ctx: CheckContext): Promise<void> {
  const { socket } = await openConnection({ ...hostPort(target), tls: tlsSettingsFor(target) }, ctx);
  socket.destroy();
}
