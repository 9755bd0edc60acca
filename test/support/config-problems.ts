import { expect } from 'vitest';
import { ConfigError } from '../../lib/config/load';

/** The problem lines of the ConfigError `run` throws; fails the test if it throws nothing else. */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect((err as ConfigError).message).toBe(problems.join('\n'));
    return problems;
  }
  throw new Error('expected a ConfigError');
}
