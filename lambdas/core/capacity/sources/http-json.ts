import type { z } from 'zod';
import { readJsonSource } from '../json-read';
import type { HttpJsonSource } from '../types';
import { checkUsedOrFree, type SourceConfigContext, type SourceSchemaKit } from './config-kit';
import { hostOfUrl, type CapacitySourceDescriptor, type SourceOf } from './descriptor';
import { loadHistories, type CapacitySourceIo, type SourceReadout } from './io';

/**
 * `http-json`: a DCIM or a data centre's own API. Each of a resource's used / free / total is a
 * JMESPath expression on the JSON body (total may be a fixed number). Credentials go in
 * `secretHeaders`, resolved at read time; the role may read exactly those secrets.
 */

function schema(k: SourceSchemaKit) {
  const { z } = k;
  const jsonResource = k.strict({
    name: k.nonEmpty,
    unit: k.capacityUnit,
    used: k.checked(k.checks.jmesPath).optional(),
    free: k.checked(k.checks.jmesPath).optional(),
    total: k.custom((value, report) => {
      if (typeof value === 'number') {
        if (!(value > 0)) report(`${value} is not a positive total — write a number or a JMESPath expression such as capacity.total`);
        return value;
      }
      if (typeof value !== 'string') {
        report(`expected a number or a JMESPath expression, got ${JSON.stringify(value ?? null)} — e.g. total: capacity.total`);
        return 0;
      }
      const problem = k.checks.jmesPath(value);
      if (problem) report(problem);
      return value;
    }),
  });
  return k.strict({
    type: z.literal('http-json'),
    url: k.checked(k.checks.httpUrl),
    headers: k.headerMap.optional(),
    secretHeaders: k.secretHeaderMap.optional(),
    resources: z.array(jsonResource).min(1),
  });
}

type RawHttpJson = z.output<ReturnType<typeof schema>>;

function resolve(s: RawHttpJson, ctx: SourceConfigContext): HttpJsonSource {
  for (const [name, value] of Object.entries(s.headers ?? {})) {
    if (ctx.looksSecret(name, value)) ctx.problem(['headers', name], ctx.secretHeaderFix(name, ctx.site));
  }
  const json: HttpJsonSource = {
    type: 'http-json',
    url: s.url,
    headers: s.headers ?? {},
    resources: s.resources.map((r, j) => {
      checkUsedOrFree(r.used, r.free, ['resources', j], ctx);
      return { name: r.name, unit: r.unit, ...(r.used ? { used: r.used } : {}), ...(r.free ? { free: r.free } : {}), total: r.total };
    }),
  };
  if (s.secretHeaders && Object.keys(s.secretHeaders).length > 0) json.secretHeaders = s.secretHeaders;
  return json;
}

async function read(source: SourceOf<HttpJsonSource>, io: CapacitySourceIo): Promise<SourceReadout> {
  const spec = source.source;
  const headers = { ...spec.headers, ...(await io.secretHeaders(spec.secretHeaders ?? {})) };
  const body = await io.fetchJson(spec.url, { timeoutMs: source.timeoutMs, headers });
  const ts = new Date(io.now()).toISOString();
  const results = readJsonSource(source.site, spec, body, ts);
  return { ts, results, histories: await loadHistories(io, spec.resources, Date.parse(ts)) };
}

export const httpJsonSource: CapacitySourceDescriptor<HttpJsonSource, RawHttpJson> = {
  type: 'http-json',
  schema,
  resolve,
  read,
  iam: (spec) => ({ secrets: Object.values(spec.secretHeaders ?? {}), statements: [] }),
  networkHost: (spec) => hostOfUrl(spec.url),
};
