import { parse, stringify } from 'yaml';
import { parseDuration } from '../config/duration';
import { ID_PATTERN, looksSecret } from '../config/validators';

/**
 * What every importer produces: Pantau target entries, written as a config would write them
 * (durations as text, expectations under `expect:`), and the list of what did not map, one line
 * each, naming the source entry. The mappers (gatus.ts, uptime-kuma.ts, blackbox.ts) are pure:
 * text in, this out; the CLI prints it.
 */

export interface ImportedTarget {
  id: string;
  url: string;
  app?: string;
  interval?: string;
  timeout?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  maxRedirects?: number;
  tags?: Record<string, string>;
  tls?: { insecureSkipVerify: boolean };
  failureThreshold?: number;
  expect?: Record<string, unknown>;
}

export interface ImportResult {
  targets: ImportedTarget[];
  /** One line per thing that did not map (or mapped only approximately), naming the source entry. */
  unmapped: string[];
}

/** A source file that cannot be read as the tool's format at all: the CLI prints it as one line, exit 2. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/**
 * Pantau ids from the other tool's names: lower case, runs of anything outside [a-z0-9._-]
 * become one `-`, at most 64 characters, and a clash gets `-2`, `-3` … so two monitors called
 * "Website" stay two targets.
 */
export class IdAllocator {
  private readonly taken = new Set<string>();

  constructor(private readonly fallback: string) {}

  next(name: unknown): string {
    const base = sanitiseId(typeof name === 'string' || typeof name === 'number' ? String(name) : '') || this.fallback;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
    this.taken.add(id);
    return id;
  }
}

export function sanitiseId(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 64);
  return ID_PATTERN.test(id) ? id : '';
}

/** Seconds as a Pantau duration: `90s` stays `90s`, whole minutes become `5m`. */
export function secondsText(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

export function durationMs(text: unknown): number | undefined {
  const parsed = parseDuration(typeof text === 'string' ? text.trim() : text);
  return parsed.ok ? parsed.ms : undefined;
}

export function msText(ms: number): string {
  return ms % 1000 === 0 ? secondsText(ms / 1000) : `${ms}ms`;
}

/**
 * Pantau refuses a timeout that is not shorter than the interval, and a round needs time for its
 * writes after the checks: a timeout above half the interval is lowered to half, and reported.
 */
export function fitTimeout(target: ImportedTarget, timeoutMs: number | undefined, where: string, unmapped: string[]): void {
  if (timeoutMs === undefined) return;
  const intervalMs = durationMs(target.interval ?? '1m') ?? 60_000;
  const half = Math.floor(intervalMs / 2);
  if (timeoutMs > half) {
    unmapped.push(`${where}: timeout ${msText(timeoutMs)} lowered to ${msText(half)} (Pantau keeps a check's timeout to at most half its interval)`);
    target.timeout = msText(half);
  } else {
    target.timeout = msText(timeoutMs);
  }
}

/** Literal headers only: a credential goes to `secretHeaders` (SSM / Secrets Manager), never into the config. */
export function literalHeaders(headers: Record<string, unknown>, where: string, unmapped: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = String(value);
    if (looksSecret(name, text)) {
      unmapped.push(`${where}: header ${name} looks like a credential — put it in SSM and reference it under secretHeaders`);
    } else {
      out[name] = text;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** An RE2 pattern matching exactly this text. */
export function exactPattern(text: string): string {
  return `^${text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`;
}

export function addExpect(target: ImportedTarget, field: string, value: unknown): void {
  const expect = (target.expect ??= {});
  const current = expect[field];
  expect[field] = Array.isArray(current) && Array.isArray(value) ? [...current, ...value] : value;
}

/** The config text printed on stdout: a comment saying where it came from, then `targets:`. */
export function toConfigYaml(result: ImportResult, tool: string, file: string): string {
  const header = [
    `# Imported from ${tool} (${file}) by \`pantau import ${tool}\`.`,
    '# Check it with `pantau validate -c <this file>`; what did not map was printed on stderr.',
  ].join('\n');
  return `${header}\n${stringify({ targets: result.targets }, { lineWidth: 0 })}`;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record types Pantau's dns:// checks resolve. */
export const DNS_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA', 'CNAME']);

/** YAML text as data, or an ImportError saying which file is not YAML. */
export function parseYamlSource(text: string, what: string): unknown {
  try {
    return parse(text);
  } catch (err) {
    throw new ImportError(`${what} is not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}
