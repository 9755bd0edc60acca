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

type Decoder = zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;

/** A decoder for a body the server compressed (only when a check sent Accept-Encoding itself). */
function decoderFor(encoding: string | undefined): Decoder | null {
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

interface Settle {
  resolve: (read: BodyRead) => void;
  reject: (error: unknown) => void;
}

/**
 * One body read in progress. End, the cap, an error and an early close can all arrive, in any
 * order and more than once; only the first settles the read, so a late event never overwrites it.
 */
class BodyReading {
  private settled = false;

  constructor(
    private readonly res: IncomingMessage,
    private readonly decoder: Decoder | null,
    private readonly settle: Settle,
    private readonly finishTiming: () => void,
  ) {}

  get isSettled(): boolean {
    return this.settled;
  }

  /** Stops reading: the response, its decoder and the socket under both. */
  readonly stop = (): void => {
    this.res.destroy();
    this.decoder?.destroy();
    this.res.socket?.destroy();
  };

  tooLarge(bytes: number): void {
    this.once(() => {
      this.stop();
      this.finishTiming();
      this.settle.resolve({ body: null, bytes, tooLarge: true });
    });
  }

  ended(body: Buffer | null, bytes: number): void {
    this.once(() => {
      this.finishTiming();
      this.res.socket?.destroy();
      this.settle.resolve({ body, bytes, tooLarge: false });
    });
  }

  readonly fail = (err: unknown): void => {
    this.once(() => {
      this.stop();
      const { error, reason } = classifyError(err, { phase: 'body' });
      this.settle.reject(new CheckFailure(error, reason));
    });
  };

  private once(settle: () => void): void {
    if (this.settled) return;
    this.settled = true;
    settle();
  }
}

export function readBody(res: IncomingMessage, options: BodyOptions, ctx: CheckContext): Promise<BodyRead> {
  const { deadline, phases } = ctx;
  deadline.phase = 'body';
  const started = monotonicMs();
  const finishTiming = () => phases.add('transfer', monotonicMs() - started);

  const declared = Number(res.headers['content-length']);
  const declaredBytes = Number.isFinite(declared) ? declared : null;
  if (declaredBytes !== null && declaredBytes > options.maxBytes) {
    // Known too large before reading a byte: do not download it at all.
    res.destroy();
    res.socket?.destroy();
    finishTiming();
    return Promise.resolve({ body: null, bytes: 0, tooLarge: true });
  }

  return underDeadline<BodyRead>(deadline, (resolve, reject) => {
    // Decoding only matters when the text is asserted on; otherwise raw bytes are what is counted.
    const decoder = options.keep ? decoderFor(res.headers['content-encoding']) : null;
    const reading = new BodyReading(res, decoder, { resolve, reject }, finishTiming);
    accountChunks(decoder ? res.pipe(decoder) : res, options, reading);
    failWhenCutShort(res, decoder, declaredBytes, reading);
    return reading.stop;
  });
}

/** Counts the body's bytes (keeping them when asked) until it ends or passes the cap. */
function accountChunks(source: Readable, options: BodyOptions, reading: BodyReading): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  source.on('data', (chunk: Buffer) => {
    if (reading.isSettled) return;
    bytes += chunk.length;
    if (bytes > options.maxBytes) {
      reading.tooLarge(bytes);
      return;
    }
    if (options.keep) chunks.push(chunk);
  });
  source.once('end', () => {
    if (reading.isSettled) return;
    reading.ended(options.keep ? Buffer.concat(chunks) : null, bytes);
  });
}

/** Fails the read when the body breaks off: a reset, a clean close mid-body, a bad chunk or bad compression. */
function failWhenCutShort(res: IncomingMessage, decoder: Decoder | null, declaredBytes: number | null, reading: BodyReading): void {
  // Bytes as framed on the wire (before any decompression), for the truncation reason.
  const socket = res.socket;
  let wireBytes = 0;
  res.on('data', (chunk: Buffer) => {
    wireBytes += chunk.length;
  });
  // Node reports a clean close mid-body (FIN) exactly like a reset (ECONNRESET "aborted"); the
  // socket's ended read side is what tells them apart — a real RST never ends it.
  const failOrTruncated = (err: unknown) => {
    if (!res.complete && socket?.readableEnded) reading.fail(truncatedBody(wireBytes, declaredBytes));
    else reading.fail(err);
  };
  res.on('error', failOrTruncated);
  decoder?.on('error', reading.fail);
  // A peer that closes mid-body ends the response without 'end'.
  const closedEarly = () => Object.assign(new Error('connection closed before the body ended'), { code: 'ECONNRESET' });
  res.once('close', () => {
    if (!res.complete) failOrTruncated(closedEarly());
  });
  // A body error parsed in the same packet as the head (a bad first chunk) destroyed the
  // response before these listeners existed: its events are gone, its error is not.
  if (res.errored) failOrTruncated(res.errored);
  else if (res.destroyed && !res.complete) failOrTruncated(closedEarly());
}
