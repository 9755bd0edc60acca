import { appendFile } from 'node:fs/promises';
import pc from 'picocolors';
import type { AlertEvent, AlertKind, AlertNotifier } from '../core/alerting/types';
import { alertJson } from '../core/alerting/messages';
import { localParts } from '../core/alerting/timezone';

/**
 * The CLI's notifier: each alert as one console line when it fires, and, with a file, one JSON
 * object per line (`watch --alerts-jsonl F`) with at least kind, target, app, severity,
 * incidentId, ts and message.
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
};

const pad = (n: number) => String(n).padStart(2, '0');

export function alertLine(event: AlertEvent, options: Pick<LocalNotifierOptions, 'color' | 'timezone'> = {}): string {
  const p = localParts(new Date(event.ts), options.timezone ?? 'Asia/Jakarta');
  const clock = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  const message = options.color ? COLOURS[event.kind](event.message) : event.message;
  return `${clock}  ${message}`;
}

export function alertJsonLine(event: AlertEvent): string {
  return JSON.stringify(alertJson(event));
}

export class LocalNotifier implements AlertNotifier {
  /** Every alert published, in order (the demo and tests read it). */
  readonly published: AlertEvent[] = [];

  constructor(private readonly options: LocalNotifierOptions = {}) {}

  async publish(event: AlertEvent): Promise<void> {
    this.published.push(event);
    (this.options.out ?? process.stdout).write(`${alertLine(event, this.options)}\n`);
    if (this.options.jsonlPath) await appendFile(this.options.jsonlPath, `${alertJsonLine(event)}\n`, 'utf8');
  }
}
