import type { MetricSeries } from '../../core/metrics';
import type { LogSink, MetricsPublisher } from '../../ports';

/** Metrics kept in memory: what a cycle would have sent to CloudWatch, for the CLI and tests. */
export class MemoryMetrics implements MetricsPublisher {
  readonly published: MetricSeries[] = [];

  async publish(series: MetricSeries[]): Promise<number> {
    this.published.push(...series);
    return series.length;
  }
}

/** A log sink that keeps its lines, so a test can assert what a cycle warned about. */
export class MemoryLog implements LogSink {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; message: string; extra?: Record<string, unknown> }> = [];

  info(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, extra });
  }

  messages(level: 'info' | 'warn' | 'error'): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}
