import { appendFile, stat, truncate } from 'node:fs/promises';
import pc from 'picocolors';
import type { AlertEvent, AlertKind, AlertNotifier } from '../core/alerting/types';
import type { ChannelDeliverer } from '../core/channels/delivery';
import { alertJson } from '../core/alerting/messages';
import { localParts } from '../core/alerting/timezone';

/**
 * The CLI's notifier, two delivery channels: `console`, each alert as one line when it fires,
 * and, with a file, `jsonl`, one JSON object per line (`watch --alerts-jsonl F`) with at least
 * kind, target, app, severity, incidentId, ts and message.
 */

export interface LocalNotifierOptions {
  out?: NodeJS.WritableStream;
  /** Append one JSON object per alert to this file. */
  jsonlPath?: string;
  /** Colour the verdict (terminals only). */
  color?: boolean;
  /** Zone of the console time stamp. */
  timezone?: string;
}

const COLOURS: Record<AlertKind, (s: string) => string> = {
  down: pc.red,
  reminder: pc.red,
  recovered: pc.green,
  degraded: pc.yellow,
  flapping: pc.magenta,
  security: pc.red,
  security_digest: pc.yellow,
  acknowledged: pc.cyan,
};

const pad = (n: number) => String(n).padStart(2, '0');

export function alertLine(event: AlertEvent, options: Pick<LocalNotifierOptions, 'color' | 'timezone'> = {}): string {
  const p = localParts(new Date(event.ts), options.timezone ?? 'Asia/Jakarta');
  const clock = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  const colour = event.state === 'resolved' ? pc.green : COLOURS[event.kind];
  const message = options.color ? colour(event.message) : event.message;
  return `${clock}  ${message}`;
}

export function alertJsonLine(event: AlertEvent): string {
  return JSON.stringify(alertJson(event));
}

/** The `console` channel: one line per alert. Also keeps every alert it printed, in order. */
export class ConsoleChannel implements ChannelDeliverer {
  readonly channel = 'console';
  readonly published: AlertEvent[] = [];

  constructor(private readonly options: Pick<LocalNotifierOptions, 'out' | 'color' | 'timezone'>) {}

  async deliver(event: AlertEvent): Promise<void> {
    this.published.push(event);
    (this.options.out ?? process.stdout).write(`${alertLine(event, this.options)}\n`);
  }
}

/**
 * The `jsonl` channel. A failed file write (a full disk) never fails the delivery: the console
 * line is the alert, and a failed delivery would be kept pending and printed again as a new
 * DOWN/RECOVERED next cycle. The line is held instead, the failure said once on `warn`, and
 * every held line is written, in order, with the next alert or `retryFile()` (each cycle, and at
 * exit).
 */
export class JsonlFileChannel implements ChannelDeliverer {
  readonly channel = 'jsonl';
  private readonly unwritten: string[] = [];
  private failing = false;

  constructor(
    private readonly path: string,
    private readonly warn: (line: string) => void,
  ) {}

  async deliver(event: AlertEvent): Promise<void> {
    this.unwritten.push(`${alertJsonLine(event)}\n`);
    await this.retryFile();
  }

  /** Lines not yet in the alerts file. */
  get heldLines(): number {
    return this.unwritten.length;
  }

  /** Writes the held lines; says once when writing starts failing and once when it works again. */
  async retryFile(): Promise<void> {
    if (this.unwritten.length === 0) return;
    const { path } = this;
    const lines = this.unwritten.join('');
    const count = this.unwritten.length;
    // A write cut short by a full disk leaves half a line; cut it off again so every line of the
    // file stays one whole JSON object (the held lines are written whole on the next try).
    const sizeBefore = await stat(path).then((s) => s.size, () => null);
    try {
      await appendFile(path, lines, 'utf8');
      this.unwritten.splice(0, count);
      if (this.failing) this.warn(`--alerts-jsonl ${path}: writing again (${count} held alert${count === 1 ? '' : 's'} written)`);
      this.failing = false;
    } catch (err) {
      if (sizeBefore !== null) await truncate(path, sizeBefore).catch(() => {});
      if (this.failing) return;
      this.failing = true;
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      this.warn(`--alerts-jsonl ${path}: write failed (${reason}) — alerts still print here; held and retried with each cycle`);
    }
  }
}

/** The console channel, and the JSON-lines file channel when a file is given. */
export class LocalNotifier implements AlertNotifier {
  readonly deliverers: readonly ChannelDeliverer[];
  private readonly console: ConsoleChannel;
  private readonly file: JsonlFileChannel | undefined;

  /** `chat`: channels delivered beside the console and the file (the config's Telegram chats in `watch`). */
  constructor(options: LocalNotifierOptions & { warn?: (line: string) => void; chat?: readonly ChannelDeliverer[] } = {}) {
    this.console = new ConsoleChannel(options);
    const warn = options.warn ?? ((line: string) => process.stderr.write(`warning: ${line}\n`));
    this.file = options.jsonlPath ? new JsonlFileChannel(options.jsonlPath, warn) : undefined;
    this.deliverers = [this.console, ...(this.file ? [this.file] : []), ...(options.chat ?? [])];
  }

  /** Every alert published, in order (the demo and tests read it). */
  get published(): AlertEvent[] {
    return this.console.published;
  }

  /** The console and the file never fail a delivery (see JsonlFileChannel); a chat channel may. */
  async publish(event: AlertEvent): Promise<void> {
    for (const channel of this.deliverers) await channel.deliver(event);
  }

  /** Lines not yet in the alerts file. */
  get heldLines(): number {
    return this.file?.heldLines ?? 0;
  }

  async retryFile(): Promise<void> {
    await this.file?.retryFile();
  }
}
