import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ManifestThrottle } from './route-manifest';

/**
 * The L1 resources of a construct's subtree, by resolved logical id, with their properties
 * resolved as the template renders them. The manifest reads what was synthesized rather than
 * re-deriving it from the declarations, so it cannot disagree with the template.
 */
export class SynthesizedResources {
  private readonly byId = new Map<string, { type: string; properties: Record<string, any> }>();

  constructor(scope: IConstruct) {
    for (const element of scope.node.findAll().filter(CfnElement.isCfnElement)) {
      const stack = Stack.of(element);
      const rendered = stack.resolve((element as any)._toCloudFormation()) as { Resources?: Record<string, any> };
      for (const [id, resource] of Object.entries(rendered.Resources ?? {})) {
        this.byId.set(id, { type: resource.Type, properties: resource.Properties ?? {} });
      }
    }
  }

  /** The properties of a resource, by logical id. */
  public get(logicalId: string | undefined): Record<string, any> | undefined {
    return logicalId === undefined ? undefined : this.byId.get(logicalId)?.properties;
  }

  /** Every resource of a CloudFormation type. */
  public ofType(type: string): Array<{ logicalId: string; properties: Record<string, any> }> {
    return [...this.byId].filter(([, r]) => r.type === type).map(([logicalId, r]) => ({ logicalId, properties: r.properties }));
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
