import { DEFAULT_SCENARIO, type DemoFleet, type FleetScenario } from '../demo/fleet';

/**
 * The demo's story and config: the scenario's timeline scaled to the run length, and the YAML a
 * platform team would write for the simulated fleet (it goes through the real loader).
 */

export const HOME_REGION = 'ap-southeast-3';
export const SECOND_REGION = 'ap-southeast-1';

/** The fleet's story plus the probers' own: when the second region stops reporting. */
export interface DemoScenario extends FleetScenario {
  /** Second at which ap-southeast-1's probes stop (after the cekdpt blip, before the Sirekap outage). */
  secondRegionSilentAt: number;
}

/** In the one-minute story: 2 s after the blip, 5 s before Sirekap fails. */
const SECOND_REGION_SILENT_AT = 9;

/** The scenario's timeline for a demo of `seconds`: the default story, scaled. */
export function scenarioFor(seconds: number): DemoScenario {
  const scale = seconds / 60;
  return {
    secondRegionSilentAt: SECOND_REGION_SILENT_AT * scale,
    sirekapDown: { from: DEFAULT_SCENARIO.sirekapDown.from * scale, to: DEFAULT_SCENARIO.sirekapDown.to * scale },
    cekdptBlipAt: DEFAULT_SCENARIO.cekdptBlipAt * scale,
    // The /data volume climbs 14 points over the run, crossing the 80 % warning on the way.
    disk: { startPct: DEFAULT_SCENARIO.disk.startPct, pctPerSecond: 14 / seconds },
    jdihTarpitFrom: DEFAULT_SCENARIO.jdihTarpitFrom * scale,
    defaced: { from: DEFAULT_SCENARIO.defaced.from * scale, to: DEFAULT_SCENARIO.defaced.to * scale },
  };
}

/**
 * The demo's config, written in the same YAML a platform team writes, so the demo goes through
 * the real loader and its validation. Intervals are seconds here (the Lambda's finest is 1 min
 * per schedule with rounds inside it); thresholds are lowered to fit a one-minute story.
 */
export function demoConfigYaml(fleet: DemoFleet, intervalSeconds: number): string {
  const u = fleet.urls;
  return `
project: pantau-demo
regions: { home: ${HOME_REGION}, probes: [${HOME_REGION}, ${SECOND_REGION}] }
defaults:
  interval: ${intervalSeconds}s
  timeout: ${intervalSeconds * 800}ms
  failureThreshold: 2
  successThreshold: 2
  renotifyMinutes: 0
  owner: demo-oncall
alerting:
  timezone: Asia/Jakarta
  storm: { threshold: 5, window: 2m }
targets:
  - id: kpu-www
    app: kpu-www
    url: ${u.kpuWww}/
    severity: high
    expect: { bodyContains: ["Komisi Pemilihan Umum"], bodyNotContains: ["hacked by"] }
  - id: infopemilu-api
    app: infopemilu
    url: ${u.infopemilu}/api/health
    severity: critical
    expect: { json: [{ path: status, equals: ok }, { path: db, equals: up }] }
  - id: silog
    url: ${u.silog}/
    severity: low
  - { id: cekdpt, app: cekdpt, url: "${u.cekdpt}/", severity: critical, expect: { bodyContains: ["Cek DPT"] } }
  - id: sipol
    url: ${u.sipol}/
    severity: high
    expect: { warnLatencyMs: 600 }
  - { id: sirekap-pemilu2024, app: sirekap, url: "${u.sirekap}/", severity: critical, expect: { bodyContains: ["Sirekap"] } }
  - id: silon
    url: ${u.silon}/
    severity: high
    tls: { ca: ${JSON.stringify(fleet.caFile)} }
    expect: { warnCertDays: 14, minCertDays: 2 }
  - id: sirekap-dns
    app: sirekap
    url: dns://sirekap.kpu.demo?resolver=${u.dnsResolver}&type=A
    severity: critical
    expect: { values: ["127.0.0.1"] }
  - id: sidalih-db
    app: sidalih
    url: tcp://${u.sidalihDb}
    severity: high
  - { id: kpu-kota-bandung, app: kpu-daerah, url: "${u.kpuKota}/", severity: high }
  - id: jdih
    app: jdih
    url: ${u.jdih}/
    severity: low
    expect: { bodyContains: ["JDIH"] }
capacity:
  - site: PDN-Cikarang
    id: sirekap-db
    interval: ${intervalSeconds + 1}s
    lookback: 1m
    severity: high
    source: { type: prometheus, url: ${u.nodeExporter}, preset: node-exporter }
`;
}
