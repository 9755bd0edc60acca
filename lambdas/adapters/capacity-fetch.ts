/**
 * HTTP GET for capacity sources (Prometheus exporters, DCIM JSON APIs): one deadline for the
 * whole exchange and a cap on the (decompressed) body, so a stuck or runaway endpoint costs one
 * failed read, never a hung or out-of-memory Lambda. Errors say what went wrong in words an
 * operator can act on.
 */

export type FetchFailure = 'timeout' | 'status' | 'network' | 'too_large' | 'parse';

export class CapacityFetchError extends Error {
  override name = 'CapacityFetchError';
  constructor(
    message: string,
    readonly failure: FetchFailure,
  ) {
    super(message);
  }
}

import type { FetchOptions } from '../ports/http-fetch';

export type { FetchOptions };

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

export { PROMETHEUS_ACCEPT } from '../core/capacity/sources/prometheus';

export async function fetchText(url: string, options: FetchOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers, signal, redirect: 'follow' });
  } catch (err) {
    throw describeFailure(err, url, options.timeoutMs);
  }
  try {
    if (!response.ok) {
      throw new CapacityFetchError(`${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, 'status');
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw tooLarge(url, maxBytes);
    return await readCapped(response, url, maxBytes);
  } catch (err) {
    if (err instanceof CapacityFetchError) throw err;
    throw describeFailure(err, url, options.timeoutMs);
  } finally {
    // Release the connection whatever happened to the body.
    await response.body?.cancel().catch(() => {});
  }
}

export async function fetchJson(url: string, options: FetchOptions): Promise<unknown> {
  const text = await fetchText(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
  try {
    return JSON.parse(text);
  } catch {
    throw new CapacityFetchError(`${url} did not return JSON (starts with ${JSON.stringify(text.slice(0, 40))})`, 'parse');
  }
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(url: string, maxBytes: number): CapacityFetchError {
  return new CapacityFetchError(`${url} sent more than ${Math.round(maxBytes / 1024)} KiB`, 'too_large');
}

function describeFailure(err: unknown, url: string, timeoutMs: number): CapacityFetchError {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new CapacityFetchError(`${url} did not answer within ${timeoutMs} ms`, 'timeout');
  }
  const code = e.cause?.code;
  const detail = code === 'ECONNREFUSED' ? 'connection refused' : code ? code : (e.cause?.message ?? e.message ?? String(err));
  return new CapacityFetchError(`${url} unreachable: ${detail}`, 'network');
}
