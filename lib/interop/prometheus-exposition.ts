import type { CheckResult } from '../../lambdas/core/types';

/**
 * The latest check results in Prometheus' text exposition format (version 0.0.4), under
 * blackbox_exporter's metric names, so dashboards built for blackbox (the Grafana "Prometheus
 * Blackbox Exporter" ones) chart Pantau's checks unchanged. One sample per target and probe
 * region; labels: `instance` (the URL, as blackbox's usual relabelling sets it), `target` (the
 * Pantau id), `app`, `region` and `kind`. Pure: the HTTP side is lib/local/metrics-endpoint.ts.
 */

/** Content-Type of the text format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Pantau's phases under blackbox's `phase` label values of probe_http_duration_seconds. */
export const HTTP_PHASES = [
  ['dns', 'resolve'],
  ['connect', 'connect'],
  ['tls', 'tls'],
  ['ttfb', 'processing'],
  ['transfer', 'transfer'],
] as const;

interface Family {
  name: string;
  help: string;
  samples: string[];
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'NaN';
}

/** The certificate's notAfter as Unix seconds: from the certificate itself, else from the days left at check time. */
function certExpirySeconds(r: CheckResult): number | null {
  const validTo = r.cert ? Date.parse(r.cert.validTo) : NaN;
  if (Number.isFinite(validTo)) return validTo / 1000;
  if (r.certDaysLeft === null) return null;
  return Math.round(Date.parse(r.ts) / 1000 + r.certDaysLeft * 86_400);
}

export function formatExposition(results: Iterable<CheckResult>): string {
  const f = (name: string, help: string): Family => ({ name, help, samples: [] });
  const success = f('probe_success', 'Whether the probe was a success (Pantau: the check and all its expectations passed)');
  const duration = f('probe_duration_seconds', 'Returns how long the probe took to complete in seconds');
  const status = f('probe_http_status_code', 'Response HTTP status code (0 when no response)');
  const expiry = f('probe_ssl_earliest_cert_expiry', 'Returns last SSL chain expiry in unixtime');
  const phases = f('probe_http_duration_seconds', 'Duration of http request by phase, summed over all redirects');
  const lookup = f('probe_dns_lookup_time_seconds', 'Returns the time taken for probe dns lookup in seconds');
  const checked = f('pantau_check_timestamp_seconds', 'When the check started (Unix seconds): how fresh the sample is');
  for (const r of results) {
    const labels = { instance: r.url, target: r.target, app: r.app, region: r.region, kind: r.kind };
    const l = labelText(labels);
    success.samples.push(`probe_success${l} ${r.ok ? 1 : 0}`);
    duration.samples.push(`probe_duration_seconds${l} ${number(r.latencyMs / 1000)}`);
    checked.samples.push(`pantau_check_timestamp_seconds${l} ${number(Date.parse(r.ts) / 1000)}`);
    if (r.phases.dns !== null) lookup.samples.push(`probe_dns_lookup_time_seconds${l} ${number(r.phases.dns / 1000)}`);
    const notAfter = certExpirySeconds(r);
    if (notAfter !== null) expiry.samples.push(`probe_ssl_earliest_cert_expiry${l} ${number(notAfter)}`);
    if (r.kind !== 'http') continue;
    status.samples.push(`probe_http_status_code${l} ${r.status ?? 0}`);
    for (const [ours, theirs] of HTTP_PHASES) {
      phases.samples.push(`probe_http_duration_seconds${labelText({ ...labels, phase: theirs })} ${number((r.phases[ours] ?? 0) / 1000)}`);
    }
  }
  return [success, duration, status, expiry, phases, lookup, checked]
    .filter((family) => family.samples.length > 0)
    .map((family) => `# HELP ${family.name} ${family.help}\n# TYPE ${family.name} gauge\n${family.samples.join('\n')}\n`)
    .join('');
}
