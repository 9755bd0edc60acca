import { fetchText } from '../../lambdas/adapters/capacity-fetch';
import type { MetricsEndpoint } from './metrics-endpoint';

/**
 * The demo's closing look at interop: the same scrape a Prometheus server would make of
 * `pantau watch --metrics-port`, fetched over loopback from the demo's own endpoint (through the
 * capacity sources' bounded GET), reduced to the `probe_success` samples (blackbox_exporter's
 * name, so existing Grafana dashboards chart them).
 */

/** GETs the endpoint's /metrics over loopback, bounded in time and size. */
export function scrape(endpoint: Pick<MetricsEndpoint, 'url'>, timeoutMs = 2_000): Promise<string> {
  return fetchText(endpoint.url, { timeoutMs });
}

/** The `probe_success` samples of one region in an exposition, at most `limit` of them, and how many series it holds in all. */
export function successSamples(exposition: string, region: string, limit: number): { lines: string[]; series: number } {
  const samples = exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  const success = samples.filter((line) => line.startsWith('probe_success{') && line.includes(`region="${region}"`));
  return { lines: success.slice(0, limit), series: samples.length };
}
