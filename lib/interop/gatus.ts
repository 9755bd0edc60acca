import {
  addExpect,
  DNS_TYPES,
  parseYamlSource,
  durationMs,
  exactPattern,
  fitTimeout,
  IdAllocator,
  ImportError,
  isRecord,
  literalHeaders,
  sanitiseId,
  type ImportedTarget,
  type ImportResult,
} from './imported';

/**
 * Gatus (`config.yaml`, its `endpoints:` list) → Pantau targets. The name becomes the id, the
 * group the app, the interval and the client timeout carry over, and each condition that has a
 * Pantau expectation becomes one (docs/interop.md has the table). Conditions without one are
 * reported, never silently dropped.
 */

export function importGatus(text: string): ImportResult {
  const doc = parseYamlSource(text, 'the Gatus config');
  if (!isRecord(doc) || !Array.isArray(doc.endpoints)) throw new ImportError('no `endpoints:` list — is this a Gatus config file?');
  const ids = new IdAllocator('endpoint');
  const result: ImportResult = { targets: [], unmapped: [] };
  if (doc['external-endpoints']) result.unmapped.push('external-endpoints: pushed results have no Pantau equivalent (Pantau probes)');
  doc.endpoints.forEach((raw, i) => {
    const where = `endpoints[${i}]${isRecord(raw) && raw.name ? ` (${String(raw.name)})` : ''}`;
    if (!isRecord(raw)) return void result.unmapped.push(`${where}: not a mapping`);
    const target = mapEndpoint(raw, ids, where, result.unmapped);
    if (target) result.targets.push(target);
  });
  return result;
}

function mapEndpoint(raw: Record<string, unknown>, ids: IdAllocator, where: string, unmapped: string[]): ImportedTarget | undefined {
  if (raw.enabled === false) return void unmapped.push(`${where}: disabled in Gatus, not imported`);
  const url = targetUrl(raw, where, unmapped);
  if (!url) return undefined;
  const target: ImportedTarget = { id: ids.next(raw.name), url };
  const app = typeof raw.group === 'string' ? sanitiseId(raw.group) : '';
  if (app) target.app = app;
  const interval = durationMs(raw.interval ?? '60s');
  if (interval === undefined) unmapped.push(`${where}: interval ${String(raw.interval)} is not a duration Pantau reads; left at the default`);
  else target.interval = intervalText(interval);
  const client = isRecord(raw.client) ? raw.client : {};
  // Gatus' client timeout defaults to 10 s, as Pantau's does: only a written one is carried.
  if (client.timeout !== undefined) fitTimeout(target, durationMs(client.timeout), where, unmapped);
  if (client.insecure === true) target.tls = { insecureSkipVerify: true };
  if (typeof raw.method === 'string' && raw.method.toUpperCase() !== 'GET') target.method = raw.method.toUpperCase();
  if (typeof raw.body === 'string' && raw.body !== '') target.body = raw.body;
  if (isRecord(raw.headers)) {
    const headers = literalHeaders(raw.headers, where, unmapped);
    if (headers) target.headers = headers;
  }
  const conditions = Array.isArray(raw.conditions) ? raw.conditions : [];
  for (const condition of conditions) mapCondition(String(condition), target, where, unmapped);
  if (Array.isArray(raw.alerts) && raw.alerts.length > 0) unmapped.push(`${where}: alerts — Pantau routes alerts by severity (alerting: in the config), not per endpoint`);
  return target;
}

function intervalText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** http(s)/tcp/tls URLs as they are; a `dns:` block turns the resolver URL into `dns://name?resolver=…&type=…`. */
function targetUrl(raw: Record<string, unknown>, where: string, unmapped: string[]): string | undefined {
  const url = typeof raw.url === 'string' ? raw.url.trim() : '';
  if (!url) return void unmapped.push(`${where}: no url`);
  if (isRecord(raw.dns)) {
    const name = String(raw.dns['query-name'] ?? '');
    const type = String(raw.dns['query-type'] ?? 'A').toUpperCase();
    if (!name) return void unmapped.push(`${where}: dns without query-name`);
    if (!DNS_TYPES.has(type)) return void unmapped.push(`${where}: dns query-type ${type} — Pantau resolves A, AAAA and CNAME`);
    const resolver = url.replace(/^(udp|tcp|dns):\/\//, '');
    return `dns://${name}?resolver=${resolver}&type=${type}`;
  }
  if (/^(https?|tcp|tls):\/\//i.test(url)) return url;
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1];
  unmapped.push(`${where}: ${scheme ? `${scheme}:// checks` : `url ${url}`} have no Pantau check kind (http, https, tcp, tls, dns)`);
  return undefined;
}

const CONDITION = /^\s*(\[[A-Z_]+\](?:\.[^\s=<>!]+)?|len\(.*?\)|has\(.*?\))\s*(==|!=|<=|>=|<|>)\s*(.*?)\s*$/;

function mapCondition(text: string, target: ImportedTarget, where: string, unmapped: string[]): void {
  const m = CONDITION.exec(text);
  const mapped = m ? mapComparison(m[1]!, m[2]!, m[3]!, target) : false;
  if (!mapped) unmapped.push(`${where}: condition "${text}" has no Pantau expectation`);
}

function mapComparison(left: string, op: string, right: string, target: ImportedTarget): boolean {
  if (left === '[STATUS]') return mapStatus(op, right, target);
  if (left === '[RESPONSE_TIME]' && (op === '<' || op === '<=') && /^\d+$/.test(right)) {
    addExpect(target, 'maxLatencyMs', Number(right));
    return true;
  }
  if (left === '[CERTIFICATE_EXPIRATION]' && (op === '>' || op === '>=')) {
    const ms = durationMs(right);
    if (ms === undefined) return false;
    addExpect(target, 'minCertDays', Math.ceil(ms / 86_400_000));
    return true;
  }
  // Implied by Pantau's checks themselves: a tcp target fails when it cannot connect, a dns one on any rcode but NOERROR.
  if (left === '[CONNECTED]' && op === '==' && right === 'true') return true;
  if (left === '[DNS_RCODE]' && op === '==' && right === 'NOERROR') return true;
  if (left === '[BODY]' && target.url.startsWith('dns://')) return op === '==' && (addExpect(target, 'values', [right]), true);
  if (left === '[BODY]') return mapBody(op, right, target);
  if (left.startsWith('[BODY].') && op === '==') {
    addExpect(target, 'json', [{ path: left.slice('[BODY].'.length), matches: exactPattern(right) }]);
    return true;
  }
  return false;
}

function mapStatus(op: string, right: string, target: ImportedTarget): boolean {
  const any = /^any\((.*)\)$/.exec(right);
  const codes = (any ? any[1]!.split(',') : [right]).map((c) => c.trim());
  if (!codes.every((c) => /^[1-5]\d\d$/.test(c))) return false;
  const n = Number(codes[0]);
  const ranges: Record<string, Array<number | string> | undefined> = {
    '==': codes.map(Number),
    '<': [`100-${n - 1}`],
    '<=': [`100-${n}`],
    '>': [`${n + 1}-599`],
    '>=': [`${n}-599`],
  };
  const status = any && op !== '==' ? undefined : ranges[op];
  if (!status) return false;
  addExpect(target, 'status', status);
  return true;
}

/** `[BODY] == pat(*text*)` is a keyword; any other body equality is an exact match of the whole body. */
function mapBody(op: string, right: string, target: ImportedTarget): boolean {
  if (op !== '==' && op !== '!=') return false;
  const keyword = /^pat\(\*([^*?]+)\*\)$/.exec(right)?.[1];
  const pattern = /^pat\((.*)\)$/.exec(right)?.[1];
  if (keyword) addExpect(target, op === '==' ? 'bodyContains' : 'bodyNotContains', [keyword]);
  else if (pattern) addExpect(target, op === '==' ? 'bodyMatches' : 'bodyNotMatches', [globPattern(pattern)]);
  else if (/^[a-z]+\(/.test(right)) return false;
  else addExpect(target, op === '==' ? 'bodyMatches' : 'bodyNotMatches', [exactPattern(right)]);
  return true;
}

/** Gatus' pat(): `*` any run of characters, the rest literal, anchored at both ends. */
function globPattern(glob: string): string {
  return exactPattern(glob).replace(/\\\*/g, '(?s:.*)');
}
