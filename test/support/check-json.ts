import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { main } from '../../lib/local/cli';
import { REASON_MAX_CHARS } from '../../lambdas/core/checks/reason';
import { captureOutput } from './capture';

/**
 * Table-driven hostile rows through the real CLI: every row is one target of one config file,
 * checked by one `pantau check --json` run (in process, so the rows run concurrently).
 */

export interface CheckJsonRun {
  exitCode: number;
  /** Result objects by target id, as `--json` printed them. */
  results: Map<string, Record<string, unknown>>;
}

/** `targets`: YAML flow mappings, one per row (`{ id: x, url: "…" }`). */
export async function runCheckJson(targets: string[]): Promise<CheckJsonRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-hostile-'));
  try {
    const config = join(dir, 'hostile.yaml');
    writeFileSync(config, `defaults: { interval: 30s, timeout: 3s }\ntargets:\n${targets.map((t) => `  - ${t}`).join('\n')}\n`);
    const io = captureOutput();
    const exitCode = await main(['check', '--json', '--config', config]);
    vi.restoreAllMocks();
    const results = new Map<string, Record<string, unknown>>();
    for (const line of io.out().trim().split('\n')) {
      const r = JSON.parse(line) as Record<string, unknown>;
      results.set(r.target as string, r);
    }
    return { exitCode, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The row's verdict: class (null = UP), reason (exact or pattern), readable length, no control characters. */
export function expectLabel(r: Record<string, unknown> | undefined, error: string | null, reason: string | RegExp): void {
  expect(r, 'the row has a result').toBeDefined();
  expect({ ok: r!.ok, error: r!.error }).toEqual({ ok: error === null, error });
  if (typeof reason === 'string') expect(r!.reason).toBe(reason);
  else expect(r!.reason).toMatch(reason);
  expect((r!.reason as string).length).toBeLessThanOrEqual(REASON_MAX_CHARS);
  // eslint-disable-next-line no-control-regex -- asserting that no control character survives
  expect(r!.reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}
