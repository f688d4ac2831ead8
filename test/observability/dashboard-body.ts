import { Template } from 'aws-cdk-lib/assertions';

/** One widget of a synthesized dashboard body. */
export interface DashboardWidget {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly x: number;
  readonly y: number;
  readonly properties: {
    readonly title?: string;
    readonly markdown?: string;
    readonly metrics?: unknown[][];
    readonly alarms?: string[];
    readonly annotations?: { horizontal?: Array<{ value: number; label?: string }> };
  };
}

/**
 * Renders a CloudFormation token as readable text inside the dashboard JSON: `{Ref: X}`
 * becomes `${X}`, `{Fn::GetAtt: [X, A]}` becomes `${X.A}`, anything else `${token}`.
 */
function renderToken(token: unknown): string {
  const t = token as Record<string, unknown>;
  if (typeof t.Ref === 'string') return `\${${t.Ref}}`;
  if (Array.isArray(t['Fn::GetAtt'])) return `\${${(t['Fn::GetAtt'] as string[]).join('.')}}`;
  return '${token}';
}

/** The widgets of the only dashboard in a template, parsed from its `Fn::Join` body. */
export function dashboardWidgets(template: Template): DashboardWidget[] {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const body = dashboards[0].Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof body === 'string'
    ? body
    : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : renderToken(part))).join(body['Fn::Join'][0]);
  return (JSON.parse(text) as { widgets: DashboardWidget[] }).widgets;
}

/** Every metric array (`[namespace, name, dim, value, ..., options?]`) graphed by a widget titled `title`. */
export function widgetMetrics(widgets: DashboardWidget[], title: string): unknown[][] {
  const widget = widgets.find((w) => w.properties.title === title);
  if (!widget) throw new Error(`no widget titled "${title}"; titles: ${widgets.map((w) => w.properties.title).join(' | ')}`);
  return widget.properties.metrics ?? [];
}

/** Whether a metric array names `namespace`/`metricName` and includes every dimension pair. */
export function isMetric(metric: unknown[], namespace: string, metricName: string, dimensions: Record<string, string> = {}): boolean {
  if (metric[0] !== namespace || metric[1] !== metricName) return false;
  const dims = metric.slice(2).filter((x) => typeof x === 'string') as string[];
  return Object.entries(dimensions).every(([k, v]) => dims.some((d, i) => d === k && dims[i + 1] === v));
}

/** The rendering options (label, stat, period, ...) of a metric array. */
export function metricOptions(metric: unknown[]): Record<string, unknown> {
  const last = metric[metric.length - 1];
  return typeof last === 'object' && last !== null ? last as Record<string, unknown> : {};
}
