import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Indonesia's provinces and regencies/cities from the `idn-area-data` package (its data/*.csv,
 * maintained from the Ministry of Home Affairs' regulation). Read from the CSV files rather than
 * the package's ESM API so the generator stays synchronous and CommonJS.
 */

export interface Province {
  code: string;
  name: string;
}

export interface Regency {
  code: string;
  provinceCode: string;
  name: string;
}

export interface AreaData {
  provinces: Province[];
  regencies: Regency[];
  /** The package version the areas came from (printed in the generated file's header). */
  version: string;
}

export function readAreaData(): AreaData {
  const root = dirname(require.resolve('idn-area-data/package.json'));
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const rows = (file: string, columns: string[]) => parseCsv(readFileSync(join(root, 'data', file), 'utf8'), columns, `idn-area-data/data/${file}`);
  return {
    provinces: rows('provinces.csv', ['code', 'name']).map(([code, name]) => ({ code: code!, name: name! })),
    regencies: rows('regencies.csv', ['code', 'province_code', 'name']).map(([code, provinceCode, name]) => ({
      code: code!,
      provinceCode: provinceCode!,
      name: name!,
    })),
    version,
  };
}

/**
 * RFC 4180 CSV (quoted fields, "" for a quote inside one) with the header checked against the
 * columns the generator reads, so a reshaped package fails here, by name, not as 552 odd targets.
 */
export function parseCsv(text: string, columns: readonly string[], what: string): string[][] {
  const records = splitRecords(text.replace(/^\uFEFF/, ''));
  const header = records.shift() ?? [];
  if (columns.some((c, i) => header[i] !== c)) {
    throw new Error(`${what}: header is ${JSON.stringify(header.join(','))}, expected it to start with ${JSON.stringify(columns.join(','))} — the package's format changed; update lib/catalogue/area-data.ts`);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => r.slice(0, columns.length));
}

function splitRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
