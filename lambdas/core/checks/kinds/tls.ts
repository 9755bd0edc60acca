import { tlsCheck } from '../tls';
import type { CheckKindDescriptor } from './descriptor';
import { connectionMetrics, parseHostPortUrl } from './endpoint';

const EXAMPLE_PORT = 443;

/** tls://host:port: a TLS handshake and the leaf certificate, for services that are not HTTP. */
export const tlsKind: CheckKindDescriptor = {
  schemes: { tls: EXAMPLE_PORT },
  label: 'tls://',
  parseUrl: (url, written) => parseHostPortUrl(url, written, EXAMPLE_PORT),
  configFields: ['tls'],
  expectFields: ['maxLatencyMs', 'warnLatencyMs', 'minCertDays', 'warnCertDays'],
  reportsCertificate: () => true,
  metricNames: (target) => connectionMetrics(target.url, true),
  async run(target, _input, ctx) {
    await tlsCheck(target, ctx);
    return {};
  },
};
