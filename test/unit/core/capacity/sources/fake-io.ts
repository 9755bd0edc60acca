import type { CapacitySourceIo, HttpGet, SourceHistory } from '../../../../../lambdas/core/capacity/sources/io';
import type { GetMetricDataInput, MetricDataResultLike } from '../../../../../lambdas/core/capacity/cloudwatch-read';
import type { SecretRef } from '../../../../../lambdas/core/types';

/**
 * An I/O port that records what a source type asked for and answers from fixed data: the source
 * types are pure apart from this port, so their unit tests need no server and no AWS.
 */
export interface FakeIo extends CapacitySourceIo {
  calls: string[];
  requests: Array<{ url: string; request: HttpGet }>;
  metricInputs: Array<{ region: string | undefined; input: GetMetricDataInput }>;
  clock: { ms: number };
}

export function fakeIo(answers: {
  texts?: string[];
  json?: unknown;
  metricData?: MetricDataResultLike[];
  secrets?: Record<string, string>;
  histories?: Record<string, SourceHistory>;
  startMs?: number;
}): FakeIo {
  const texts = [...(answers.texts ?? [])];
  const io: FakeIo = {
    calls: [],
    requests: [],
    metricInputs: [],
    clock: { ms: answers.startMs ?? Date.parse('2026-12-01T00:00:00.000Z') },
    async fetchText(url, request) {
      io.calls.push(`fetchText ${url}`);
      io.requests.push({ url, request });
      const text = texts.shift();
      if (text === undefined) throw new Error(`${url} unreachable: no more answers`);
      return text;
    },
    async fetchJson(url, request) {
      io.calls.push(`fetchJson ${url}`);
      io.requests.push({ url, request });
      return answers.json;
    },
    async secretHeaders(refs: Record<string, SecretRef>) {
      io.calls.push(`secretHeaders ${Object.keys(refs).join(',')}`);
      return Object.fromEntries(Object.keys(refs).map((name) => [name, answers.secrets?.[name] ?? '']));
    },
    async getMetricData(region, input) {
      io.calls.push(`getMetricData ${region ?? '(default)'}`);
      io.metricInputs.push({ region, input });
      return answers.metricData ?? [];
    },
    async history(resource) {
      io.calls.push(`history ${resource}`);
      return answers.histories?.[resource] ?? { points: [] };
    },
    now: () => io.clock.ms,
    async sleep(ms) {
      io.calls.push(`sleep ${ms}`);
      io.clock.ms += ms;
    },
    baselineDelayMs: 1_000,
  };
  return io;
}
