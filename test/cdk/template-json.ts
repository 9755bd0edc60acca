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
  properties: {
    title?: string;
    markdown?: string;
    metrics?: unknown[][];
    stat?: string;
    setPeriodToTimeRange?: boolean;
    [key: string]: unknown;
  };
}

export function dashboardWidgets(template: Template): DashboardWidget[] {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const body = JSON.parse(flattenJoin(dashboards[0]!.Properties.DashboardBody)) as { widgets: DashboardWidget[] };
  return body.widgets;
}
