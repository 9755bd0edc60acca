import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { CheckFailure, classifyError, truncatedBody } from './classify';
import { monotonicMs, underDeadline, type CheckContext } from './timing';

/**
 * Reads a response body with a hard cap. Past the cap it stops reading and destroys the socket,
 * so a server streaming gigabytes costs at most `maxBytes` of memory and no more time.
 */

export interface BodyRead {
  /** The body, only when the caller needs it for assertions; otherwise it is counted and dropped. */
  body: Buffer | null;
  /** Bytes received (decoded bytes when the body was decompressed). */
  bytes: number;
  /** The cap was reached: reading stopped there. */
  tooLarge: boolean;
}

export interface BodyOptions {
  maxBytes: number;
  /** Keep the bytes (body assertions need them) instead of only counting them. */
  keep: boolean;
}

/** A decoder for a body the server compressed (only when a check sent Accept-Encoding itself). */
function decoderFor(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

export function readBody(res: IncomingMessage, options: BodyOptions, ctx: CheckContext): Promise<BodyRead> {
  const { deadline, phases } = ctx;
  deadline.phase = 'body';
  const started = monotonicMs();
  const finishTiming = () => phases.add('transfer', monotonicMs() - started);

  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    // Known too large before reading a byte: do not download it at all.
    res.destroy();
    res.socket?.destroy();
    finishTiming();
    return Promise.resolve({ body: null, bytes: 0, tooLarge: true });
  }

  return underDeadline<BodyRead>(deadline.signal, (resolve, reject) => {
    // Decoding only matters when the text is asserted on; otherwise raw bytes are what is counted.
    const decoder = options.keep ? decoderFor(res.headers['content-encoding']) : null;
    const source: Readable = decoder ? res.pipe(decoder) : res;
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;

    const stop = () => {
      res.destroy();
      decoder?.destroy();
      res.socket?.destroy();
    };
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      stop();
      const { error, reason } = classifyError(err, { phase: 'body' });
      reject(new CheckFailure(error, reason));
    };

    source.on('data', (chunk: Buffer) => {
      if (done) return;
      bytes += chunk.length;
      if (bytes > options.maxBytes) {
        done = true;
        stop();
        finishTiming();
        resolve({ body: null, bytes, tooLarge: true });
        return;
      }
      if (options.keep) chunks.push(chunk);
    });
    source.once('end', () => {
      if (done) return;
      done = true;
      finishTiming();
      res.socket?.destroy();
      resolve({ body: options.keep ? Buffer.concat(chunks) : null, bytes, tooLarge: false });
    });
    // Bytes as framed on the wire (before any decompression), for the truncation reason.
    const socket = res.socket;
    let wireBytes = 0;
    res.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
    });
    // Node reports a clean close mid-body (FIN) exactly like a reset (ECONNRESET "aborted"); the
    // socket's ended read side is what tells them apart — a real RST never ends it.
    const failOrTruncated = (err: unknown) => {
      if (!res.complete && socket?.readableEnded) fail(truncatedBody(wireBytes, Number.isFinite(declared) ? declared : null));
      else fail(err);
    };
    res.on('error', failOrTruncated);
    decoder?.on('error', fail);
    // A peer that closes mid-body ends the response without 'end'.
    const closedEarly = () => Object.assign(new Error('connection closed before the body ended'), { code: 'ECONNRESET' });
    res.once('close', () => {
      if (!res.complete) failOrTruncated(closedEarly());
    });
    // A body error parsed in the same packet as the head (a bad first chunk) destroyed the
    // response before these listeners existed: its events are gone, its error is not.
    if (res.errored) failOrTruncated(res.errored);
    else if (res.destroyed && !res.complete) failOrTruncated(closedEarly());
    return stop;
  });
}
