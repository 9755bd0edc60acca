import type { CertInfo, FailureClass } from '../types';
import { describePhase, type CheckPhase } from './phase';

/**
 * Failure classification: every way a check can fail maps to exactly one FailureClass and a
 * one-line reason a person on call can act on ("connection refused by 10.0.0.5:443 (ECONNREFUSED)").
 */

/** A failure already classified where it happened (assertions, deadline, TLS verification). */
export class CheckFailure extends Error {
  constructor(
    readonly failureClass: FailureClass,
    reason: string,
    /** What was learnt before failing, kept in the result (e.g. the rejected certificate). */
    readonly detail: { cert?: CertInfo } = {},
  ) {
    super(oneLine(reason));
    this.name = 'CheckFailure';
  }
}

export interface Classified {
  error: FailureClass;
  reason: string;
}

/** Where the error happened, for the reason text and for codes whose meaning depends on it. */
export interface ErrorContext {
  phase?: CheckPhase;
  /** "host:port" or the resolver address, named in the reason. */
  endpoint?: string;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);
const UNREACHABLE_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
/** getaddrinfo and c-ares codes: the name did not resolve. */
const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'ESERVFAIL',
  'EREFUSED',
  'ENONAME',
  'ENOTIMP',
]);
/** c-ares codes for a reply it could not parse. */
const DNS_PROTOCOL_CODES = new Set(['EBADRESP', 'EFORMERR', 'EBADQUERY', 'EBADNAME', 'EBADFAMILY']);
/** OpenSSL verification results and node's own TLS codes. */
const TLS_CODE = /CERT|SSL|TLS|^EPROTO$|^UNABLE_TO_|^HOSTNAME_MISMATCH$|^DEPTH_ZERO/;

const DNS_TEXT: Record<string, string> = {
  ENOTFOUND: 'name not found (NXDOMAIN)',
  EAI_NONAME: 'name not found (NXDOMAIN)',
  ENONAME: 'name not found (NXDOMAIN)',
  ENODATA: 'no answer of that type',
  EAI_NODATA: 'no answer of that type',
  ESERVFAIL: 'server failure (SERVFAIL)',
  EAI_FAIL: 'server failure',
  EAI_AGAIN: 'temporary resolver failure',
  EREFUSED: 'query refused by the resolver',
  ENOTIMP: 'query type not implemented by the resolver',
};

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(err: unknown): string {
  // OpenSSL errors carry a short `reason` ("wrong version number") beside a message full of
  // internal file names and offsets.
  const sslReason = (err as { library?: unknown; reason?: unknown } | null)?.reason;
  if (typeof sslReason === 'string' && (err as { library?: unknown }).library !== undefined) return sslReason;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Collapses whitespace so a reason always fits one log / table line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function withCode(text: string, code: string | undefined, message: string): string {
  if (!code) return `${text} (${message})`;
  // Node's messages usually repeat the code ("connect ECONNREFUSED 127.0.0.1:9"): say it once.
  if (!message || message.includes(code)) return `${text} (${code})`;
  return `${text} (${code}: ${message})`;
}

/**
 * A peer that closed cleanly (FIN, no reset) before the body's framing said it was done: fewer
 * bytes than Content-Length, or a chunked stream without its terminal chunk. Not a reset: the
 * server (or a proxy in front of it) chose to stop.
 */
export function truncatedBody(receivedBytes: number, declaredBytes: number | null): CheckFailure {
  const howMuch = declaredBytes === null ? `${receivedBytes} bytes, no final chunk` : `${receivedBytes} of ${declaredBytes} bytes`;
  return new CheckFailure('protocol', `closed before the body was complete (${howMuch})`);
}

/** Maps any thrown value to a failure class and a one-line reason. */
export function classifyError(err: unknown, context: ErrorContext = {}): Classified {
  if (err instanceof CheckFailure) return { error: err.failureClass, reason: err.message };

  const code = errorCode(err);
  const message = messageOf(err);
  const where = context.phase ? ` ${describePhase(context.phase)}` : '';
  const at = context.endpoint ? ` ${context.endpoint}` : '';
  const syscall = (err as { syscall?: unknown } | null)?.syscall;
  const isDnsStep =
    context.phase === 'dns' || context.phase === 'answer' || syscall === 'getaddrinfo' || (typeof syscall === 'string' && syscall.startsWith('query'));

  const classify = (error: FailureClass, text: string): Classified => ({
    error,
    reason: oneLine(withCode(text, code, message)),
  });

  if (code === 'ETIMEDOUT' || code === 'ETIMEOUT') return classify('timeout', `timed out${where}${at ? ` on${at}` : ''}`);
  if (code && DNS_PROTOCOL_CODES.has(code)) return classify('protocol', `malformed DNS reply${at ? ` from${at}` : ''}`);
  if (code && (DNS_CODES.has(code) || (isDnsStep && code === 'ECONNREFUSED'))) {
    const hostname = (err as { hostname?: unknown }).hostname;
    const name = typeof hostname === 'string' ? `${hostname}: ` : '';
    const text = code === 'ECONNREFUSED' ? 'resolver not reachable (port closed)' : (DNS_TEXT[code] ?? 'lookup failed');
    const from = context.phase === 'answer' && at ? ` from${at}` : '';
    return classify('dns', `DNS ${name}${text}${from}`);
  }
  if (code === 'ECONNREFUSED') return classify('refused', `connection refused${at ? ` by${at}` : ''}`);
  if (code && UNREACHABLE_CODES.has(code)) return classify('unreachable', `${at ? `${at.trim()} ` : ''}unreachable`);
  if (code && RESET_CODES.has(code)) {
    const text = context.phase === 'tls' ? 'connection closed during TLS handshake' : `connection reset by peer${where}`;
    return classify('reset', text);
  }
  if (code?.startsWith('HPE_')) {
    // llhttp names chunk errors by code (HPE_INVALID_CHUNK_SIZE) or only in the message
    // (HPE_STRICT "Invalid character in chunk extensions name"): both are the chunk framing.
    const chunked = code.includes('CHUNK') || /chunk/i.test(message);
    return classify('protocol', chunked ? `malformed chunked encoding${at ? ` from${at}` : ''}` : `malformed HTTP response${at ? ` from${at}` : ''}`);
  }
  if (code?.startsWith('Z_') || code === 'ERR_BROTLI_DECOMPRESSION_FAILED') {
    return classify('protocol', 'response body does not decompress');
  }
  if (code && TLS_CODE.test(code)) return classify('tls', context.phase === 'tls' ? 'TLS handshake failed' : `TLS failure${where}`);
  if (context.phase === 'tls') return classify('tls', 'TLS handshake failed');
  return classify('error', `check failed${where}`);
}
