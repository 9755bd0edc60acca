import { needsBody } from '../../assertions';
import { httpCheck } from '../http';
import { patrolReadsBody } from '../../patrol/spec';
import type { CheckKindDescriptor } from './descriptor';
import { connectionMetrics } from './endpoint';

const isHttps = (url: string): boolean => new URL(url).protocol === 'https:';

/** http:// and https://: one request (redirects followed), status, headers and body checked. */
export const httpKind: CheckKindDescriptor = {
  schemes: { http: 80, https: 443 },
  label: 'http(s)://',
  parseUrl(url) {
    if (!url.hostname) return { ok: false };
    return { ok: true, host: url.hostname, settings: {} };
  },
  configFields: ['method', 'headers', 'secretHeaders', 'body', 'maxRedirects', 'maxBodyBytes', 'tls'],
  expectFields: [
    'status', 'body', 'bodyContains', 'bodyNotContains', 'bodyMatches', 'bodyNotMatches', 'json', 'headers',
    'maxLatencyMs', 'warnLatencyMs', 'minCertDays', 'warnCertDays',
  ],
  reportsCertificate: (target) => isHttps(target.url),
  metricNames: (target) => [...connectionMetrics(target.url, isHttps(target.url)), 'TtfbMs', 'TransferMs'],
  async run(target, input, ctx) {
    const outcome = await httpCheck(target, { secretHeaders: input.secretHeaders, needsBody: needsBody(target.expect) || patrolReadsBody(target) }, ctx);
    return {
      http: {
        status: outcome.status,
        headers: outcome.headers,
        body: outcome.body,
        bodyCharsetNote: outcome.bodyCharsetNote,
        bodyTooLarge: outcome.bodyTooLarge,
        maxBodyBytes: target.maxBodyBytes,
      },
    };
  },
};
