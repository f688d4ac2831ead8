import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ManifestThrottle } from './route-manifest';

/**
 * The L1 resources of a construct's subtree, by resolved logical id, with their properties
 * resolved as the template renders them. The manifest reads what was synthesized rather than
 * re-deriving it from the declarations, so it cannot disagree with the template.
 */
export class SynthesizedResources {
  private readonly byId = new Map<string, CfnResource>();
  private readonly resolved = new Map<string, Record<string, any>>();

  constructor(scope: IConstruct) {
    for (const element of scope.node.findAll()) {
      if (CfnResource.isCfnResource(element)) this.byId.set(Stack.of(element).resolve(element.logicalId), element);
    }
  }

  /** The properties of a resource, by logical id, resolved when first asked for. */
  public get(logicalId: string | undefined): Record<string, any> | undefined {
    if (logicalId === undefined) return undefined;
    const element = this.byId.get(logicalId);
    if (!element) return undefined;
    let properties = this.resolved.get(logicalId);
    if (!properties) {
      const rendered = Stack.of(element).resolve((element as any)._toCloudFormation()) as { Resources?: Record<string, any> };
      const resolved: Record<string, any> = rendered.Resources?.[logicalId]?.Properties ?? {};
      this.resolved.set(logicalId, resolved);
      properties = resolved;
    }
    return properties;
  }

  /** Every resource of a CloudFormation type. */
  public ofType(type: string): Array<{ logicalId: string; properties: Record<string, any> }> {
    return [...this.byId].filter(([, r]) => r.cfnResourceType === type).map(([logicalId]) => ({ logicalId, properties: this.get(logicalId)! }));
  }

  /** The properties of an element's resource. */
  public of(element: CfnElement): Record<string, any> {
    return this.get(Stack.of(element).resolve(element.logicalId))!;
  }
}

/** The logical id a resolved value refers to (`{ Ref }` or `{ Fn::GetAtt }`, anywhere inside). */
export function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  for (const inner of Object.values(record)) {
    const items = Array.isArray(inner) ? inner : [inner];
    for (const item of items) {
      const found = referencedId(item);
      if (found) return found;
    }
  }
  return undefined;
}

/** A throttle from API Gateway's property names, without the fields that are not set. */
export function throttleOf(rate: unknown, burst: unknown): ManifestThrottle | undefined {
  const out: { rateLimit?: number; burstLimit?: number } = {};
  if (typeof rate === 'number') out.rateLimit = rate;
  if (typeof burst === 'number') out.burstLimit = burst;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A string, or undefined when the value is not a literal (a deploy-time reference). */
export function literalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The headers a request parameter mapping writes, lower-cased: the source expression, or
 * null for a removed header. Both flavours' syntaxes are understood.
 */
export function mappedHeaders(parameters: Record<string, string>): Record<string, string | null> {
  const headers: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const http = /^(overwrite|append|remove):header\.(.+)$/.exec(key);
    if (http) {
      headers[http[2].toLowerCase()] = http[1] === 'remove' ? null : value;
      continue;
    }
    const rest = /^integration\.request\.header\.(.+)$/.exec(key);
    if (rest) headers[rest[1].toLowerCase()] = value;
  }
  return headers;
}
