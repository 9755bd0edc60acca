import { vi } from 'vitest';

/**
 * Captures what the CLI writes to process.stdout / stderr (restore with vi.restoreAllMocks()).
 * The CLI's commands write to the real streams, so this is how in-process CLI tests read them.
 */
export function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}
