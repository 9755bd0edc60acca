import type { MetricMathQuery } from '../core/slo/budget-query';

/** Reads one value of a CloudWatch metric-math expression (the alarm relay's budget left). */
export interface MetricMathReader {
  /** The newest value of the expression over the query's range; null when CloudWatch has none. */
  latestValue(query: MetricMathQuery): Promise<number | null>;
}
