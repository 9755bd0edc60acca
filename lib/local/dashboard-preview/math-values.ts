/** The values metric math works on, and the element-by-element rule all its operators share. */

export interface NamedSeries {
  label: string;
  values: number[];
}

export type MathValue = { kind: 'scalar'; value: number } | { kind: 'series'; values: number[] } | { kind: 'list'; items: NamedSeries[] };

export interface MathEnv {
  /** Grid length: how many periods a series has. */
  length: number;
  periodS: number;
  /** A series by its id in the widget (a metric row or an earlier expression). */
  byId(id: string): NamedSeries | undefined;
  /** Every series of the widget (METRICS()). */
  all(): NamedSeries[];
  search(query: string, stat: string, periodS: number): NamedSeries[];
  /** A Metrics Insights query (`SELECT …`): one series. */
  select(query: string): NamedSeries[];
}

/** An expression the preview cannot evaluate: the widget says so rather than drawing something wrong. */
export class UnsupportedExpression extends Error {}

export function asList(value: MathValue, length: number, label: string): NamedSeries[] {
  if (value.kind === 'list') return value.items;
  return [{ label, values: value.kind === 'series' ? value.values : new Array(length).fill(value.value) }];
}

export function elementwise(a: MathValue, b: MathValue, f: (x: number, y: number) => number, length: number): MathValue {
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', value: f(a.value, b.value) };
  if (a.kind === 'list' || b.kind === 'list') {
    const [list, other, listFirst] = a.kind === 'list' ? [a, b, true] : [b as Extract<MathValue, { kind: 'list' }>, a, false];
    return {
      kind: 'list',
      items: list.items.map((item) => {
        const r = elementwise({ kind: 'series', values: item.values }, other, listFirst ? f : (x, y) => f(y, x), length);
        return { label: item.label, values: (r as { values: number[] }).values };
      }),
    };
  }
  const at = (v: MathValue, i: number) => (v.kind === 'scalar' ? v.value : (v as { values: number[] }).values[i] ?? NaN);
  return { kind: 'series', values: Array.from({ length }, (_, i) => f(at(a, i), at(b, i))) };
}
