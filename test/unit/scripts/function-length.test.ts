import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSource, countLines, describeFinding, measureFunctions } from '../../../scripts/function-length';

/** A function declaration spanning exactly `lines` lines (header and closing brace included). */
function functionOf(name: string, lines: number): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`);
  return [`export function ${name}(): void {`, ...body, '}'].join('\n');
}

/** A file of exactly `lines` lines, with no function in it. */
function fileOf(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `export const c${i} = ${i};`).join('\n') + '\n';
}

describe('measureFunctions', () => {
  it('measures declarations, methods, arrows and function expressions from first to last line', () => {
    const text = [
      'export function outer(): void {', // 1
      '  const inner = () => {', // 2
      '    return 1;', // 3
      '  };', // 4
      '  inner();', // 5
      '}', // 6
      'export class Box {', // 7
      '  constructor() {}', // 8
      '  open(): number {', // 9
      '    return 2;', // 10
      '  }', // 11
      '  get size(): number { return 3; }', // 12
      '}', // 13
      'export const handlers = {', // 14
      '  onData: function () {', // 15
      '    return 4;', // 16
      '  },', // 17
      '};', // 18
      'setTimeout(() => {', // 19
      '}, 1);', // 20
      'export declare function signatureOnly(): void;', // 21
    ].join('\n');

    expect(measureFunctions('sample.ts', text)).toEqual([
      { name: 'outer', line: 1, lines: 6 },
      { name: 'inner', line: 2, lines: 3 },
      { name: 'constructor', line: 8, lines: 1 },
      { name: 'open', line: 9, lines: 3 },
      { name: 'size', line: 12, lines: 1 },
      { name: 'onData', line: 15, lines: 3 },
      { name: '<anonymous>', line: 19, lines: 2 },
    ]);
  });

  it('names an anonymous function after the function it sits in', () => {
    const text = ['export function host(): Promise<void> {', '  return new Promise((resolve) => {', '    resolve();', '  });', '}'].join('\n');
    expect(measureFunctions('sample.ts', text).map((size) => size.name)).toEqual(['host', '<anonymous in host>']);
  });
});

describe('checkSource', () => {
  it('fails a 61-line function on the probe and alert paths and passes a 60-line one', () => {
    const text = `${functionOf('tooLong', 61)}\n${functionOf('justRight', 60)}\n`;
    expect(checkSource('lambdas/core/checks/sample.ts', text)).toEqual([
      { kind: 'function', file: 'lambdas/core/checks/sample.ts', line: 1, name: 'tooLong', lines: 61 },
    ]);
  });

  it('applies the function rule to core, app, adapters and ports only', () => {
    const text = `${functionOf('tooLong', 61)}\n`;
    for (const folder of ['lambdas/core', 'lambdas/app', 'lambdas/adapters', 'lambdas/ports']) {
      expect(checkSource(`${folder}/x.ts`, text)).toHaveLength(1);
    }
    for (const file of ['lambdas/probe/handler.ts', 'lib/local/demo.ts', 'bin/pantau.ts', 'lambdas/corex/x.ts', 'test/x.ts']) {
      expect(checkSource(file, text)).toEqual([]);
    }
  });

  it('fails a 301-line file under lambdas, lib or bin, and passes a 300-line one', () => {
    for (const file of ['lambdas/probe/handler.ts', 'lib/config/load.ts', 'bin/pantau.ts']) {
      expect(checkSource(file, fileOf(301))).toEqual([{ kind: 'file', file, line: 1, lines: 301 }]);
      expect(checkSource(file, fileOf(300))).toEqual([]);
    }
    expect(checkSource('test/unit/long.test.ts', fileOf(301))).toEqual([]);
  });

  it('says where, what, how long and how to fix it', () => {
    const [fn] = checkSource('lambdas/app/x.ts', `${functionOf('tooLong', 61)}\n`);
    expect(describeFinding(fn!)).toBe('lambdas/app/x.ts:1  tooLong has 61 lines (max 60) — split it into named steps, one job each');
    const [file] = checkSource('lib/x.ts', fileOf(301));
    expect(describeFinding(file!)).toBe('lib/x.ts:1  file has 301 lines (max 300) — split it into modules with one job each');
  });
});

describe('countLines', () => {
  it('does not count a final newline as another line', () => {
    expect([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb'), countLines('a\r\nb\r\n')]).toEqual([0, 1, 1, 2, 2]);
  });
});

describe('check-function-length (the lint command)', () => {
  const script = resolve(__dirname, '../../../scripts/check-function-length.ts');
  const tsx = resolve(__dirname, '../../../node_modules/.bin/tsx');
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  const runIn = (files: Record<string, string>) => {
    root = mkdtempSync(join(tmpdir(), 'function-length-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return spawnSync(tsx, [script], { cwd: root, encoding: 'utf8' });
  };

  it('exits 1 and prints every finding when a function or a file is too long', () => {
    const run = runIn({
      'lambdas/app/cycle.ts': `${functionOf('runCycle', 61)}\n`,
      'lib/big.ts': fileOf(301),
      'lambdas/core/fine.ts': `${functionOf('fine', 60)}\n`,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('lambdas/app/cycle.ts:1  runCycle has 61 lines (max 60)');
    expect(run.stdout).toContain('lib/big.ts:1  file has 301 lines (max 300)');
    expect(run.stdout).not.toContain('fine');
    expect(run.stdout).toContain('2 size finding(s).');
  });

  it('exits 0 and prints nothing when everything is within the limits', () => {
    const run = runIn({ 'lambdas/core/fine.ts': `${functionOf('fine', 60)}\n`, 'bin/app.ts': fileOf(300) });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
  });
});
