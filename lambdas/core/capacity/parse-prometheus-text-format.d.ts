/**
 * Types for `parse-prometheus-text-format` (the package ships none). Output shape checked against
 * version 1.1.1: one family per metric name; plain samples carry `value`, histograms `buckets`,
 * summaries `quantiles`, both with `count` and `sum`. Every number is still a string.
 */
declare module 'parse-prometheus-text-format' {
  export interface ParsedSample {
    value?: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
    buckets?: Record<string, string>;
    quantiles?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  export interface ParsedFamily {
    name: string;
    help: string;
    type: 'GAUGE' | 'COUNTER' | 'UNTYPED' | 'HISTOGRAM' | 'SUMMARY';
    metrics: ParsedSample[];
  }
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
