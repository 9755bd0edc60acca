import type { PromResource } from './types';
import type { PromSample } from './prom-text';

/**
 * The `node-exporter` preset: the standard resources of one host, discovered from a scrape.
 * Resource names are a contract (acceptance checks and dashboards use them):
 * - `cpu` — busy cores = CPUs − rate(idle seconds summed over all CPUs); total = CPU count.
 * - `memory` — MemTotal − MemAvailable of MemTotal.
 * - `filesystem:<mountpoint>` — as `df` reports it: used = size − free, of used + avail (blocks
 *   reserved for root are usable by no application, so they are neither headroom nor "used";
 *   utilisation is df's Use%, headroom is df's Avail). Real filesystems only, one per device.
 * - `network:<device>` — the busier direction, max(rate(rx), rate(tx)) × 8, against the link speed
 *   in bits/s (Ethernet is full duplex: each direction has the whole speed) (the exporter's,
 *   else the source's `linkSpeedBps`, else an assumed 1 Gb/s, said in the reading's note).
 */

/** Pseudo and in-memory filesystems: their "capacity" is not a data-centre resource. */
export const PSEUDO_FSTYPES =
  /^(tmpfs|ramfs|rootfs|overlay|aufs|squashfs|proc|sysfs|devtmpfs|devpts|nsfs|autofs|cgroup2?|configfs|debugfs|tracefs|securityfs|pstore|bpf|binfmt_misc|fusectl|hugetlbfs|mqueue|rpc_pipefs|selinuxfs|efivarfs|nfsd|iso9660|fuse\.lxcfs|fuse\.gvfsd-fuse|fuse\.portal|zram)$/;

/** Mount points that never hold data worth forecasting (kernel and container plumbing). */
export const PSEUDO_MOUNTPOINTS = /^\/(proc|sys|dev|run\/credentials\/.+|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+|var\/lib\/kubelet\/.+|snap\/.+)($|\/)/;

/** Loopback and virtual interfaces (containers, bridges, tunnels): not a data-centre link. */
export const VIRTUAL_DEVICES = /^(lo|veth.*|docker.*|br-.*|virbr.*|ifb.*|cali.*|flannel.*|cni.*|kube-.*|tunl.*|dummy.*|vxlan.*|genev.*)$/;

const FS_SIZE = 'node_filesystem_size_bytes';
const FS_AVAIL = 'node_filesystem_avail_bytes';
const FS_FREE = 'node_filesystem_free_bytes';

/** Link speed assumed for an interface that reports none (virtio and most virtual NICs). */
export const ASSUMED_LINK_SPEED_BPS = 1e9;
const NET_BYTES = '~node_network_(receive|transmit)_bytes_total';

export interface PresetOptions {
  /** Fallback link speed (bits/s) for interfaces whose exporter reports none. */
  linkSpeedBps?: number;
}

export function nodeExporterResources(samples: readonly PromSample[], options: PresetOptions = {}): PromResource[] {
  return [...cpuResource(samples), ...memoryResource(samples), ...filesystemResources(samples), ...networkResources(samples, options)];
}

function cpuResource(samples: readonly PromSample[]): PromResource[] {
  const cpus = new Set(
    samples.filter((s) => s.name === 'node_cpu_seconds_total' && s.labels.mode === 'idle').map((s) => s.labels.cpu ?? ''),
  );
  // Always defined: with no CPU series the resource fails as "metric not found", which is
  // what an operator must see (a preset host whose cpu collector is off), not a silent gap.
  return [
    {
      name: 'cpu',
      unit: 'cores',
      free: { metric: 'node_cpu_seconds_total', labels: { mode: 'idle' }, aggregate: 'sum' },
      total: cpus.size,
      rate: true,
    },
  ];
}

function memoryResource(_samples: readonly PromSample[]): PromResource[] {
  return [
    {
      name: 'memory',
      unit: 'bytes',
      free: { metric: 'node_memory_MemAvailable_bytes', aggregate: 'max' },
      total: { metric: 'node_memory_MemTotal_bytes', aggregate: 'max' },
    },
  ];
}

/** One resource per real filesystem; a device mounted twice (bind mounts) counts once, at its shortest mount point. */
export function filesystemResources(samples: readonly PromSample[]): PromResource[] {
  const errored = new Set(
    samples
      .filter((s) => s.name === 'node_filesystem_device_error' && s.value !== 0)
      .map((s) => `${s.labels.device}\u0000${s.labels.mountpoint}`),
  );
  const byDevice = new Map<string, { device: string; mountpoint: string }>();
  for (const s of samples) {
    // A size of 0 is a pseudo filesystem; a NaN/Inf size is a broken one, kept so its reading
    // fails by name instead of the mount silently vanishing from the watch.
    if (s.name !== FS_SIZE || (Number.isFinite(s.value) && s.value <= 0)) continue;
    const { device = '', mountpoint = '', fstype = '' } = s.labels;
    if (!mountpoint || PSEUDO_FSTYPES.test(fstype) || PSEUDO_MOUNTPOINTS.test(mountpoint)) continue;
    if (errored.has(`${device}\u0000${mountpoint}`)) continue;
    const seen = byDevice.get(device);
    if (!seen || mountpoint.length < seen.mountpoint.length || (mountpoint.length === seen.mountpoint.length && mountpoint < seen.mountpoint)) {
      byDevice.set(device, { device, mountpoint });
    }
  }
  return [...byDevice.values()]
    .sort((a, b) => a.mountpoint.localeCompare(b.mountpoint))
    .map(({ device, mountpoint }) => {
      const labels = { device, mountpoint };
      return {
        name: `filesystem:${mountpoint}`,
        unit: 'bytes' as const,
        used: { metric: FS_SIZE, labels, aggregate: 'max' as const, minus: { metric: FS_FREE, labels, aggregate: 'max' as const } },
        free: { metric: FS_AVAIL, labels, aggregate: 'max' as const },
        total: 'used+free' as const,
      };
    });
}

/**
 * One resource per physical interface. node_exporter reports an unknown speed as −1 Mb/s
 * (−125000 bytes/s); such a device uses `linkSpeedBps`, else ASSUMED_LINK_SPEED_BPS with a note —
 * a link's traffic is worth watching even when the NIC does not say how fast it is.
 */
export function networkResources(samples: readonly PromSample[], options: PresetOptions = {}): PromResource[] {
  const speeds = new Map<string, number>();
  for (const s of samples) {
    if (s.name === 'node_network_speed_bytes' && s.value > 0) speeds.set(s.labels.device ?? '', s.value * 8);
  }
  const devices = new Set(
    samples
      .filter((s) => s.name === 'node_network_receive_bytes_total' || s.name === 'node_network_transmit_bytes_total')
      .map((s) => s.labels.device ?? ''),
  );
  const resources: PromResource[] = [];
  for (const device of [...devices].sort()) {
    if (!device || VIRTUAL_DEVICES.test(device)) continue;
    const reported = speeds.get(device) ?? options.linkSpeedBps;
    const total = reported ?? ASSUMED_LINK_SPEED_BPS;
    resources.push({
      name: `network:${device}`,
      unit: 'bps',
      // Per-series rates, then max: the busier of receive and transmit (full duplex).
      used: { metric: NET_BYTES, labels: { device }, aggregate: 'max', scale: 8 },
      total,
      rate: true,
      ...(reported ? {} : { note: 'link speed not reported by the exporter: assumed 1 Gb/s (set linkSpeedBps on the source)' }),
    });
  }
  return resources;
}
