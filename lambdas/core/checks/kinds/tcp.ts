import { tcpCheck } from '../tcp';
import type { CheckKindDescriptor } from './descriptor';
import { connectionMetrics, parseHostPortUrl } from './endpoint';

const EXAMPLE_PORT = 5432;

/** tcp://host:port: the port accepts a connection. */
export const tcpKind: CheckKindDescriptor = {
  schemes: { tcp: EXAMPLE_PORT },
  label: 'tcp://',
  parseUrl: (url, written) => parseHostPortUrl(url, written, EXAMPLE_PORT),
  configFields: [],
  expectFields: ['maxLatencyMs', 'warnLatencyMs'],
  reportsCertificate: () => false,
  metricNames: (target) => connectionMetrics(target.url, false),
  async run(target, _input, ctx) {
    await tcpCheck(target, ctx);
    return {};
  },
};
