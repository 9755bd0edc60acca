/** What a capacity source's HTTP GET takes (the adapter enforces the deadline and the cap). */
export interface FetchOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Body cap in bytes (default 16 MiB: a big snmp_exporter scrape is a few MiB). */
  maxBytes?: number;
}
