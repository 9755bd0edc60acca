/**
 * Metric math on the local series, for the expressions CloudWatch dashboards carry
 * (`100 * up0`, `FILL(m1, 0)`, `SEARCH(...)` …). Every series lives on the same time grid, so
 * arithmetic is element by element; a function the preview does not know is reported
 * (`UnsupportedExpression`) and the widget says so instead of drawing something wrong.
 */

import { callFunction } from './math-functions';
import { UnsupportedExpression, asList, elementwise, type MathEnv, type MathValue, type NamedSeries } from './math-values';

export { UnsupportedExpression, type MathEnv, type NamedSeries } from './math-values';

type Token = { type: 'num'; value: number } | { type: 'id'; value: string } | { type: 'str'; value: string } | { type: 'op'; value: string };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(>=|<=|==|!=|&&|\|\||[-+*/^(),[\]<>]))/gy;
  let rest = text.trim();
  while (rest.length > 0) {
    pattern.lastIndex = 0;
    const m = pattern.exec(rest);
    if (!m || m[0].length === 0) throw new UnsupportedExpression(`cannot read "${rest.slice(0, 20)}"`);
    if (m[1] !== undefined) tokens.push({ type: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ type: 'id', value: m[2] });
    else if (m[3] !== undefined || m[4] !== undefined) tokens.push({ type: 'str', value: (m[3] ?? m[4])!.replace(/\\(.)/g, '$1') });
    else tokens.push({ type: 'op', value: m[5]! });
    rest = rest.slice(m[0].length).trimStart();
  }
  return tokens;
}

const BINARY: Array<{ ops: string[]; apply: (a: number, b: number, op: string) => number }> = [
  { ops: ['||', 'OR'], apply: (a, b) => (a !== 0 || b !== 0 ? 1 : 0) },
  { ops: ['&&', 'AND'], apply: (a, b) => (a !== 0 && b !== 0 ? 1 : 0) },
  { ops: ['==', '!=', '<', '>', '<=', '>='], apply: compare },
  { ops: ['+', '-'], apply: (a, b, op) => (op === '+' ? a + b : a - b) },
  { ops: ['*', '/'], apply: (a, b, op) => (op === '*' ? a * b : a / b) },
  { ops: ['^'], apply: (a, b) => a ** b },
];

function compare(a: number, b: number, op: string): number {
  const r = op === '==' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
  return r ? 1 : 0;
}

/** Evaluates one expression to the series it draws (a SEARCH or METRICS() draws several). */
export function evaluateExpression(text: string, env: MathEnv, label: string): NamedSeries[] {
  if (/^\s*SELECT\s/i.test(text)) return env.select(text).map((s) => ({ ...s, label }));
  const parser = new Parser(tokenize(text), env);
  const value = parser.expression(0);
  if (!parser.done()) throw new UnsupportedExpression(`unexpected "${parser.peekText()}"`);
  if (value.kind === 'list') return value.items;
  return [{ label, values: value.kind === 'series' ? value.values : new Array(env.length).fill(value.value) }];
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly env: MathEnv,
  ) {}

  done = () => this.at >= this.tokens.length;
  peekText = () => String(this.tokens[this.at]?.value ?? '');
  private peekOp(ops: string[]): string | undefined {
    const t = this.tokens[this.at];
    if (t && (t.type === 'op' || t.type === 'id') && ops.includes(t.value as string)) return t.value as string;
    return undefined;
  }
  private expect(op: string): void {
    if (this.peekOp([op]) === undefined) throw new UnsupportedExpression(`expected "${op}"`);
    this.at++;
  }

  expression(level: number): MathValue {
    if (level >= BINARY.length) return this.unary();
    let left = this.expression(level + 1);
    for (let op = this.peekOp(BINARY[level]!.ops); op !== undefined; op = this.peekOp(BINARY[level]!.ops)) {
      this.at++;
      const right = this.expression(level + 1);
      left = elementwise(left, right, (a, b) => BINARY[level]!.apply(a, b, op!), this.env.length);
    }
    return left;
  }

  private unary(): MathValue {
    if (this.peekOp(['-'])) {
      this.at++;
      // A minus sign binds looser than ^: -a ^ 2 is -(a ^ 2).
      return elementwise({ kind: 'scalar', value: -1 }, this.expression(BINARY.length - 1), (a, b) => a * b, this.env.length);
    }
    return this.primary();
  }

  private primary(): MathValue {
    const t = this.tokens[this.at++];
    if (!t) throw new UnsupportedExpression('the expression ends too early');
    if (t.type === 'num') return { kind: 'scalar', value: t.value };
    if (t.type === 'str') throw new UnsupportedExpression('a string outside a function');
    if (t.type === 'op' && t.value === '(') {
      const inner = this.expression(0);
      this.expect(')');
      return inner;
    }
    if (t.type === 'op' && t.value === '[') return { kind: 'list', items: this.listItems() };
    if (t.type === 'id' && this.peekOp(['('])) return this.call(t.value.toUpperCase());
    if (t.type === 'id') {
      const series = this.env.byId(t.value);
      if (!series) throw new UnsupportedExpression(`no metric with id "${t.value}"`);
      return { kind: 'series', values: series.values };
    }
    throw new UnsupportedExpression(`unexpected "${String(t.value)}"`);
  }

  private listItems(): NamedSeries[] {
    const items: NamedSeries[] = [];
    while (!this.peekOp([']'])) {
      const value = this.expression(0);
      items.push(...asList(value, this.env.length, `item ${items.length + 1}`));
      if (this.peekOp([','])) this.at++;
    }
    this.expect(']');
    return items;
  }

  private call(name: string): MathValue {
    this.expect('(');
    const args: Array<MathValue | string> = [];
    while (!this.peekOp([')'])) {
      const t = this.tokens[this.at];
      if (t?.type === 'str' || (t?.type === 'id' && t.value.toUpperCase() === 'REPEAT' && name === 'FILL')) {
        args.push(String(t.value));
        this.at++;
      } else args.push(this.expression(0));
      if (this.peekOp([','])) this.at++;
    }
    this.expect(')');
    return callFunction(name, args, this.env);
  }
}
