import {
  addExpect,
  DNS_TYPES,
  parseYamlSource,
  durationMs,
  fitTimeout,
  IdAllocator,
  ImportError,
  isRecord,
  literalHeaders,
  msText,
  sanitiseId,
  type ImportedTarget,
  type ImportResult,
} from './imported';

/**
 * Prometheus + blackbox_exporter → Pantau targets. The Prometheus file says what is probed (each
 * scrape job with `metrics_path: /probe`, its `params.module` and `static_configs` targets); the
 * optional blackbox.yml says how (each module's prober, timeout, status codes, body regexps, DNS
 * query). Without blackbox.yml a module is read from its name as in blackbox's own example file
 * (`http_2xx`, `tcp_connect`, `dns_…`). Go's regexp is RE2, as Pantau's is: body regexps carry
 * over unchanged.
 */

type Module = Record<string, unknown>;


export function importBlackbox(prometheusText: string, blackboxText?: string): ImportResult {
  const prom = parseYamlSource(prometheusText, 'the Prometheus config');
  if (!isRecord(prom) || !Array.isArray(prom.scrape_configs)) throw new ImportError('no `scrape_configs:` list — is this a Prometheus config (prometheus.yml)?');
  const modules = blackboxText === undefined ? undefined : readModules(parseYamlSource(blackboxText, 'the blackbox config'));
  const global = isRecord(prom.global) ? prom.global : {};
  const ids = new IdAllocator('probe');
  const result: ImportResult = { targets: [], unmapped: [] };
  for (const job of prom.scrape_configs.filter(isRecord)) {
    if (job.metrics_path !== '/probe') continue;
    const where = `job ${String(job.job_name)}`;
    const moduleName = moduleOf(job);
    const module = modules ? modules[moduleName] : guessModule(moduleName);
    if (!module) {
      result.unmapped.push(`${where}: module ${moduleName} is not in the blackbox config`);
      continue;
    }
    const interval = durationMs(job.scrape_interval ?? global.scrape_interval ?? '1m') ?? 60_000;
    for (const key of Object.keys(job).filter((k) => k.endsWith('_sd_configs'))) result.unmapped.push(`${where}: ${key} — only static_configs targets can be imported`);
    for (const group of Array.isArray(job.static_configs) ? job.static_configs.filter(isRecord) : []) {
      for (const address of Array.isArray(group.targets) ? group.targets.map(String) : []) {
        const target = mapProbe(address, module, { job, interval, labels: isRecord(group.labels) ? group.labels : {} }, ids, `${where} target ${address}`, result.unmapped);
        if (target) result.targets.push(target);
      }
    }
  }
  return result;
}

function readModules(doc: unknown): Record<string, Module> {
  if (!isRecord(doc) || !isRecord(doc.modules)) throw new ImportError('no `modules:` map — is this a blackbox_exporter config (blackbox.yml)?');
  return Object.fromEntries(Object.entries(doc.modules).filter((e): e is [string, Module] => isRecord(e[1])));
}

/** blackbox_exporter probes with http_2xx when the scrape names no module. */
function moduleOf(job: Record<string, unknown>): string {
  const params = isRecord(job.params) ? job.params : {};
  return Array.isArray(params.module) && params.module.length > 0 ? String(params.module[0]) : 'http_2xx';
}

function guessModule(name: string): Module | undefined {
  const prober = ['http', 'tcp', 'dns', 'icmp', 'grpc'].find((p) => name.toLowerCase().includes(p));
  return prober ? { prober } : undefined;
}

interface JobContext {
  job: Record<string, unknown>;
  interval: number;
  labels: Record<string, unknown>;
}

function mapProbe(address: string, module: Module, ctx: JobContext, ids: IdAllocator, where: string, unmapped: string[]): ImportedTarget | undefined {
  const url = probeUrl(address, module, where, unmapped);
  if (!url) return undefined;
  // A DNS probe's address is the resolver: the name it asks about says more.
  const asked = module.prober === 'dns' && isRecord(module.dns) ? String(module.dns.query_name) : undefined;
  const name = typeof ctx.labels.name === 'string' ? ctx.labels.name : (asked ?? address.replace(/^[a-z]+:\/\//i, ''));
  const target: ImportedTarget = { id: ids.next(name), url, interval: msText(ctx.interval) };
  const app = sanitiseId(String(ctx.labels.app ?? ctx.labels.group ?? ctx.job.job_name ?? ''));
  if (app) target.app = app;
  const tags = Object.fromEntries(Object.entries(ctx.labels).filter(([k]) => k !== 'app' && k !== 'name').map(([k, v]) => [k, String(v)]));
  if (Object.keys(tags).length > 0) target.tags = tags;
  // blackbox's probe timeout is the module's, else Prometheus' scrape timeout (10 s by default, as Pantau's).
  fitTimeout(target, durationMs(module.timeout ?? ctx.job.scrape_timeout), where, unmapped);
  if (module.prober === 'http' && isRecord(module.http)) mapHttpModule(module.http, target, where, unmapped);
  return target;
}

function probeUrl(address: string, module: Module, where: string, unmapped: string[]): string | undefined {
  const prober = String(module.prober ?? '');
  if (prober === 'http') return /^https?:\/\//i.test(address) ? address : `http://${address}`;
  if (prober === 'tcp') {
    if (!/^[^/]+:\d+$/.test(address)) return void unmapped.push(`${where}: tcp probe needs host:port`);
    const tcp = isRecord(module.tcp) ? module.tcp : {};
    if (Array.isArray(tcp.query_response) && tcp.query_response.length > 0) unmapped.push(`${where}: tcp query_response (send/expect) has no Pantau equivalent; imported as a connect check`);
    return `${tcp.tls === true ? 'tls' : 'tcp'}://${address}`;
  }
  if (prober === 'dns') {
    const dns = isRecord(module.dns) ? module.dns : {};
    const type = String(dns.query_type ?? 'ANY').toUpperCase();
    if (!dns.query_name) return void unmapped.push(`${where}: dns module without query_name`);
    if (!DNS_TYPES.has(type)) return void unmapped.push(`${where}: dns query_type ${type} — Pantau resolves A, AAAA and CNAME`);
    const rcodes = Array.isArray(dns.valid_rcodes) ? dns.valid_rcodes.map(String) : ['NOERROR'];
    if (dns.validate_answer_rrs || rcodes.join() !== 'NOERROR') unmapped.push(`${where}: dns validate_*_rrs / valid_rcodes — Pantau fails any rcode but NOERROR; add expect.values for answers`);
    return `dns://${String(dns.query_name)}?resolver=${address}&type=${type}`;
  }
  unmapped.push(`${where}: prober ${prober || '(none)'} has no Pantau check kind (http, tcp, dns map)`);
  return undefined;
}

function mapHttpModule(http: Record<string, unknown>, target: ImportedTarget, where: string, unmapped: string[]): void {
  if (Array.isArray(http.valid_status_codes) && http.valid_status_codes.length > 0) addExpect(target, 'status', http.valid_status_codes.map(Number));
  else addExpect(target, 'status', ['200-299']);
  if (typeof http.method === 'string' && http.method.toUpperCase() !== 'GET') target.method = http.method.toUpperCase();
  if (typeof http.body === 'string' && http.body) target.body = http.body;
  if (isRecord(http.headers)) {
    const headers = literalHeaders(http.headers, where, unmapped);
    if (headers) target.headers = headers;
  }
  const regexps = (key: string): string[] => (Array.isArray(http[key]) ? (http[key] as unknown[]).map(String) : []);
  if (regexps('fail_if_body_not_matches_regexp').length > 0) addExpect(target, 'bodyMatches', regexps('fail_if_body_not_matches_regexp'));
  if (regexps('fail_if_body_matches_regexp').length > 0) addExpect(target, 'bodyNotMatches', regexps('fail_if_body_matches_regexp'));
  if (http.no_follow_redirects === true || http.follow_redirects === false) target.maxRedirects = 0;
  if (isRecord(http.tls_config) && http.tls_config.insecure_skip_verify === true) target.tls = { insecureSkipVerify: true };
  if (http.fail_if_not_ssl === true && target.url.startsWith('http://')) unmapped.push(`${where}: fail_if_not_ssl — write the target as https:// to require TLS`);
  for (const key of ['fail_if_header_matches', 'fail_if_header_not_matches', 'basic_auth', 'bearer_token', 'valid_http_versions']) {
    if (http[key] !== undefined) unmapped.push(`${where}: http.${key} not imported${key.includes('auth') || key.includes('token') ? ' — use secretHeaders' : ''}`);
  }
}
