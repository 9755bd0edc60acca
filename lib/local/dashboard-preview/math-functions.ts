import { UnsupportedExpression, asList, type MathEnv, type MathValue, type NamedSeries } from './math-values';

/**
 * The metric math functions the preview evaluates, with CloudWatch's meaning: a reduction (MIN,
 * MAX, AVG, SUM) of one series is one number over the time range, of a list of series it is one
 * series (point by point); missing datapoints (NaN) are skipped, as CloudWatch skips them.
 */

type Arg = MathValue | string;

const present = (values: number[]) => values.filter((v) => !Number.isNaN(v));

const REDUCERS: Record<string, (values: number[]) => number> = {
  MIN: (v) => (v.length ? Math.min(...v) : NaN),
  MAX: (v) => (v.length ? Math.max(...v) : NaN),
  SUM: (v) => (v.length ? v.reduce((a, b) => a + b, 0) : NaN),
  AVG: (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN),
};

const UNARY: Record<string, (v: number) => number> = { ABS: Math.abs, CEIL: Math.ceil, FLOOR: Math.floor };

function valueArg(args: Arg[], i: number, name: string): MathValue {
  const arg = args[i];
  if (arg === undefined || typeof arg === 'string') throw new UnsupportedExpression(`${name}: argument ${i + 1} is missing`);
  return arg;
}

function seriesOf(value: MathValue, length: number): number[] {
  if (value.kind === 'series') return value.values;
  if (value.kind === 'scalar') return new Array(length).fill(value.value);
  throw new UnsupportedExpression('a list of series where one series is expected');
}

function reduce(name: string, value: MathValue, length: number): MathValue {
  const f = REDUCERS[name]!;
  if (value.kind === 'scalar') return value;
  if (value.kind === 'series') return { kind: 'scalar', value: f(present(value.values)) };
  return { kind: 'series', values: Array.from({ length }, (_, i) => f(present(value.items.map((s) => s.values[i] ?? NaN)))) };
}

/** Applies `f` to each series (alone or in a list), keeping list labels. */
function perSeries(value: MathValue, length: number, f: (values: number[]) => number[]): MathValue {
  if (value.kind === 'list') return { kind: 'list', items: value.items.map((s) => ({ label: s.label, values: f(s.values) })) };
  return { kind: 'series', values: f(seriesOf(value, length)) };
}

function fill(values: number[], how: number | 'REPEAT'): number[] {
  let last = NaN;
  return values.map((v) => {
    if (!Number.isNaN(v)) return (last = v);
    return how === 'REPEAT' ? last : how;
  });
}

function runningSum(values: number[]): number[] {
  let total = 0;
  return values.map((v) => (Number.isNaN(v) ? NaN : (total += v)));
}

/** Seconds since the previous datapoint, at each datapoint (the first has none). */
function diffTime(values: number[], periodS: number): number[] {
  let previous = -1;
  return values.map((v, i) => {
    if (Number.isNaN(v)) return NaN;
    const gap = previous < 0 ? NaN : (i - previous) * periodS;
    previous = i;
    return gap;
  });
}

const diff = (values: number[]): number[] => values.map((v, i) => (i === 0 ? NaN : v - values[i - 1]!));

export function callFunction(name: string, args: Arg[], env: MathEnv): MathValue {
  const n = env.length;
  if (name in REDUCERS) {
    const values = args.filter((a): a is MathValue => typeof a !== 'string');
    const input: MathValue = values.length === 1 ? values[0]! : { kind: 'list', items: values.flatMap((v, i) => asList(v, n, `${i}`)) };
    return reduce(name, input, n);
  }
  if (name in UNARY) return perSeries(valueArg(args, 0, name), n, (v) => v.map(UNARY[name]!));
  switch (name) {
    case 'FILL': {
      const how = args[1];
      const with_ = typeof how === 'string' ? 'REPEAT' : how?.kind === 'scalar' ? how.value : NaN;
      return perSeries(valueArg(args, 0, name), n, (v) => fill(v, with_));
    }
    case 'IF': {
      const otherwise = args[2] === undefined ? ({ kind: 'scalar', value: NaN } as MathValue) : valueArg(args, 2, name);
      const cond = seriesOf(valueArg(args, 0, name), n);
      const then = seriesOf(valueArg(args, 1, name), n);
      const other = seriesOf(otherwise, n);
      return { kind: 'series', values: cond.map((c, i) => (!Number.isNaN(c) && c !== 0 ? then[i]! : other[i]!)) };
    }
    case 'RUNNING_SUM':
      return perSeries(valueArg(args, 0, name), n, runningSum);
    case 'DIFF':
      return perSeries(valueArg(args, 0, name), n, diff);
    case 'DIFF_TIME':
      return perSeries(valueArg(args, 0, name), n, (v) => diffTime(v, env.periodS));
    case 'RATE':
      return perSeries(valueArg(args, 0, name), n, (v) => diff(v).map((d) => d / env.periodS));
    case 'PERIOD':
      return { kind: 'scalar', value: env.periodS };
    case 'METRICS': {
      const filter = typeof args[0] === 'string' ? args[0] : '';
      return { kind: 'list', items: env.all().filter((s) => s.label.includes(filter)) };
    }
    case 'REMOVE_EMPTY': {
      const value = valueArg(args, 0, name);
      return { kind: 'list', items: asList(value, n, '').filter((s) => s.values.some((v) => !Number.isNaN(v))) };
    }
    case 'SEARCH':
      return search(args, env);
    default:
      throw new UnsupportedExpression(`${name}() is not evaluated locally`);
  }
}

function search(args: Arg[], env: MathEnv): MathValue {
  const [query, stat, period] = args;
  if (typeof query !== 'string' || typeof stat !== 'string') throw new UnsupportedExpression('SEARCH needs a query and a statistic');
  const periodS = period !== undefined && typeof period !== 'string' && period.kind === 'scalar' ? period.value : env.periodS;
  const items: NamedSeries[] = env.search(query, stat, periodS);
  return { kind: 'list', items };
}

