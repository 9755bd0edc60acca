/** Small statistics helpers shared by the benchmark's parts. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** p50 and max over rounds: the typical figure and the worst one seen. */
export function p50max(values: readonly number[], digits = 1): { p50: number; max: number } {
  return { p50: round(median(values), digits), max: round(Math.max(...values), digits) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** a / b rounded, or null when b is 0 (a ratio against nothing is not a figure). */
export function ratio(a: number, b: number, digits = 2): number | null {
  return b === 0 ? null : round(a / b, digits);
}

/** mulberry32: a tiny seeded PRNG, so every case and every run sees the same delays and noise. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
