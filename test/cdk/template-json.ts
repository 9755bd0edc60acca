import type { Template } from 'aws-cdk-lib/assertions';

/**
 * Reads CloudFormation values that mix literals and intrinsics (a dashboard body is an
 * `Fn::Join` around tokens): joins the literal parts and stands each intrinsic in as `${…}` so
 * the result can be JSON-parsed and asserted on.
 */
export function flattenJoin(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Fn::Join' in value) {
    const [sep, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map((p) => (typeof p === 'string' ? p : `\${${stand(p)}}`)).join(sep);
  }
  return `\${${stand(value)}}`;
}

function stand(intrinsic: unknown): string {
  if (intrinsic && typeof intrinsic === 'object') {
    if ('Ref' in intrinsic) return String((intrinsic as { Ref: string }).Ref);
    if ('Fn::GetAtt' in intrinsic) return (intrinsic as { 'Fn::GetAtt': string[] })['Fn::GetAtt'].join('.');
  }
  return 'token';
}

export interface DashboardWidget {
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
  properties: {
    title?: string;
    markdown?: string;
    metrics?: unknown[][];
    stat?: string;
    setPeriodToTimeRange?: boolean;
    [key: string]: unknown;
  };
}

/** The widgets of one dashboard, by name (`pantau-overview`), with x and y. */
export function dashboardWidgets(template: Template, name: string): DashboardWidget[] {
  return dashboardBodiesOf(template)[name]?.widgets ?? [];
}

/** Every dashboard body of a stack, by dashboard name. */
export function dashboardBodiesOf(template: Template): Record<string, { widgets: DashboardWidget[]; start?: string }> {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  return Object.fromEntries(
    dashboards.map((d) => [d.Properties.DashboardName as string, JSON.parse(flattenJoin(d.Properties.DashboardBody)) as { widgets: DashboardWidget[] }]),
  );
}
