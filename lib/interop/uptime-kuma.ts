import {
  addExpect,
  DNS_TYPES,
  exactPattern,
  fitTimeout,
  IdAllocator,
  ImportError,
  isRecord,
  literalHeaders,
  sanitiseId,
  secondsText,
  type ImportedTarget,
  type ImportResult,
} from './imported';

/**
 * Uptime Kuma (its JSON backup: Settings → Backup → Export, `monitorList`) → Pantau targets.
 * http, keyword, json-query, port and dns monitors map; the app is the monitor's group (its
 * `parent` group monitor), else its first tag; retries become the failure threshold. Other types
 * (ping, push, docker, databases …) are reported.
 */

type Monitor = Record<string, unknown>;

export function importUptimeKuma(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(doc) || !Array.isArray(doc.monitorList)) throw new ImportError('no `monitorList` — is this an Uptime Kuma backup (Settings → Backup → Export)?');
  const monitors = doc.monitorList.filter(isRecord);
  const groups = new Map(monitors.filter((m) => m.type === 'group').map((m) => [m.id, String(m.name ?? '')]));
  const ids = new IdAllocator('monitor');
  const result: ImportResult = { targets: [], unmapped: [] };
  monitors.forEach((monitor, i) => {
    if (monitor.type === 'group') return;
    const where = `monitorList[${i}] (${String(monitor.name ?? monitor.id)})`;
    const target = mapMonitor(monitor, groups, ids, where, result.unmapped);
    if (target) result.targets.push(target);
  });
  return result;
}

function mapMonitor(m: Monitor, groups: Map<unknown, string>, ids: IdAllocator, where: string, unmapped: string[]): ImportedTarget | undefined {
  if (m.active === false || m.active === 0) return void unmapped.push(`${where}: paused in Uptime Kuma, not imported`);
  const url = monitorUrl(m, where, unmapped);
  if (!url) return undefined;
  const target: ImportedTarget = { id: ids.next(m.name), url };
  const app = appOf(m, groups);
  if (app) target.app = app;
  const tags = tagsOf(m);
  if (tags) target.tags = tags;
  target.interval = secondsText(typeof m.interval === 'number' && m.interval > 0 ? m.interval : 60);
  if (typeof m.timeout === 'number' && m.timeout > 0) fitTimeout(target, Math.round(m.timeout * 1000), where, unmapped);
  if (typeof m.maxretries === 'number' && m.maxretries > 0) target.failureThreshold = Math.min(100, m.maxretries + 1);
  if (m.upsideDown === true) unmapped.push(`${where}: upside-down mode (up when the check fails) has no Pantau equivalent; imported the right way up`);
  if (isHttp(m)) mapHttp(m, target, where, unmapped);
  return target;
}

const isHttp = (m: Monitor): boolean => m.type === 'http' || m.type === 'keyword' || m.type === 'json-query';

function monitorUrl(m: Monitor, where: string, unmapped: string[]): string | undefined {
  if (isHttp(m)) {
    const url = typeof m.url === 'string' ? m.url.trim() : '';
    return /^https?:\/\//i.test(url) ? url : void unmapped.push(`${where}: url "${url}" is not http(s)`);
  }
  const host = typeof m.hostname === 'string' ? m.hostname.trim() : '';
  if (m.type === 'port') {
    return host && typeof m.port === 'number' ? `tcp://${host}:${m.port}` : void unmapped.push(`${where}: port monitor without hostname and port`);
  }
  if (m.type === 'dns') {
    const type = String(m.dns_resolve_type ?? 'A').toUpperCase();
    if (!DNS_TYPES.has(type)) return void unmapped.push(`${where}: dns record type ${type} — Pantau resolves A, AAAA and CNAME`);
    const server = typeof m.dns_resolve_server === 'string' && m.dns_resolve_server ? m.dns_resolve_server : '';
    const port = typeof m.port === 'number' && m.port !== 53 ? `:${m.port}` : '';
    return `dns://${host}?${server ? `resolver=${server}${port}&` : ''}type=${type}`;
  }
  unmapped.push(`${where}: type ${String(m.type)} has no Pantau check kind (http, keyword, json-query, port and dns map)`);
  return undefined;
}

function mapHttp(m: Monitor, target: ImportedTarget, where: string, unmapped: string[]): void {
  const method = typeof m.method === 'string' ? m.method.toUpperCase() : 'GET';
  if (method !== 'GET') target.method = method;
  if (typeof m.body === 'string' && m.body !== '') target.body = m.body;
  const headers = parseHeaders(m.headers, where, unmapped);
  if (headers) target.headers = headers;
  if (typeof m.maxredirects === 'number') target.maxRedirects = Math.min(20, Math.max(0, m.maxredirects));
  if (m.ignoreTls === true) target.tls = { insecureSkipVerify: true };
  const codes = Array.isArray(m.accepted_statuscodes) ? m.accepted_statuscodes.map(String) : [];
  const status = codes.map((c) => (/^\d+$/.test(c) ? Number(c) : c));
  if (status.length > 0 && !(codes.length === 1 && codes[0] === '200-299')) addExpect(target, 'status', status);
  else if (status.length > 0) addExpect(target, 'status', ['200-299']);
  if (m.type === 'keyword' && typeof m.keyword === 'string' && m.keyword) {
    addExpect(target, m.invertKeyword === true ? 'bodyNotContains' : 'bodyContains', [m.keyword]);
  }
  if (m.type === 'json-query' && typeof m.jsonPath === 'string' && m.jsonPath) {
    addExpect(target, 'json', [{ path: m.jsonPath, matches: exactPattern(String(m.expectedValue ?? '')) }]);
  }
  if (m.authMethod && m.authMethod !== 'null') unmapped.push(`${where}: ${String(m.authMethod)} authentication — put the credential in SSM and reference it under secretHeaders`);
}

function parseHeaders(raw: unknown, where: string, unmapped: string[]): Record<string, string> | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? literalHeaders(parsed, where, unmapped) : undefined;
  } catch {
    unmapped.push(`${where}: headers are not JSON, not imported`);
    return undefined;
  }
}

function appOf(m: Monitor, groups: Map<unknown, string>): string | undefined {
  const group = m.parent !== null && m.parent !== undefined ? groups.get(m.parent) : undefined;
  const firstTag = Array.isArray(m.tags) ? m.tags.find(isRecord)?.name : undefined;
  return sanitiseId(group ?? (typeof firstTag === 'string' ? firstTag : '')) || undefined;
}

function tagsOf(m: Monitor): Record<string, string> | undefined {
  if (!Array.isArray(m.tags)) return undefined;
  const tags: Record<string, string> = {};
  for (const tag of m.tags.filter(isRecord)) {
    if (typeof tag.name === 'string' && tag.name) tags[tag.name] = typeof tag.value === 'string' && tag.value ? tag.value : 'true';
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}
