/**
 * Byte sizes (`maxBodyBytes`): a whole number of bytes, or a number with a unit
 * (`512KiB`, `1MiB`, `2MB`). Binary units are powers of 1024, decimal ones powers of 1000.
 */

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1_000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

export type SizeParse = { ok: true; bytes: number } | { ok: false; problem: string };

export function parseByteSize(input: unknown): SizeParse {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input > 0
      ? { ok: true, bytes: input }
      : { ok: false, problem: `${input} is not a whole number of bytes above 0 — write e.g. 1048576 or 1MiB` };
  }
  if (typeof input === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)?\s*$/.exec(input);
    const factor = m ? UNIT_BYTES[(m[2] ?? 'b').toLowerCase()] : undefined;
    if (m && factor !== undefined) {
      const bytes = Math.round(Number(m[1]) * factor);
      if (bytes > 0) return { ok: true, bytes };
    }
  }
  return { ok: false, problem: `${JSON.stringify(input)} is not a size — write bytes (1048576) or a unit: 512KiB, 1MiB, 2MB` };
}
