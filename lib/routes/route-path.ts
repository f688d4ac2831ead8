/**
 * Parsing of route paths such as `/api/v2/orders/{orderId}` or `/files/{proxy+}`.
 *
 * Pure functions: they return a problem description instead of throwing so that the
 * caller can report it with its construct path.
 */

/** One segment of a parsed route path. */
export interface PathSegment {
  /** The segment as written (`orders`, `{orderId}`, `{proxy+}`). */
  readonly text: string;
  /** The parameter name when the segment is `{name}` or `{name+}`. */
  readonly parameter?: string;
  /** True for the greedy `{name+}` segment, which must be last. */
  readonly greedy: boolean;
}

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL_SEGMENT = /^[A-Za-z0-9._~\-:@!$&'()*,;=]+$/;

/** Parses a route path; returns the segments, or a problem and its fix. */
export function parseRoutePath(path: string): { segments: PathSegment[] } | { problem: string; fix: string } {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return { problem: 'a route path must start with "/"', fix: 'write the path from the API root, for example "/api/v1/orders"' };
  }
  if (path === '/') return { segments: [] };
  if (path.endsWith('/')) {
    return { problem: 'a route path must not end with "/"', fix: 'remove the trailing slash' };
  }
  const segments: PathSegment[] = [];
  const seen = new Set<string>();
  const parts = path.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.length === 0) {
      return { problem: 'a route path must not contain an empty segment ("//")', fix: 'remove the doubled slash' };
    }
    const opens = (part.match(/\{/g) ?? []).length;
    const closes = (part.match(/\}/g) ?? []).length;
    if (opens !== closes || opens > 1) {
      return { problem: `segment "${part}" has unbalanced braces`, fix: 'write a parameter as a whole segment, "{name}"' };
    }
    if (opens === 1) {
      if (!part.startsWith('{') || !part.endsWith('}')) {
        return { problem: `segment "${part}" mixes a parameter with literal text`, fix: 'make the parameter a whole segment, "/{name}"' };
      }
      const inner = part.slice(1, -1);
      const greedy = inner.endsWith('+');
      const name = greedy ? inner.slice(0, -1) : inner;
      if (name.length === 0) {
        return { problem: `segment "${part}" has an empty parameter name`, fix: 'name the parameter, "{orderId}"' };
      }
      if (!PARAMETER_NAME.test(name)) {
        return { problem: `parameter "${name}" is not a valid name`, fix: 'use letters, digits and "_", starting with a letter' };
      }
      if (greedy && i !== parts.length - 1) {
        return { problem: `greedy parameter "${part}" must be the last segment`, fix: `move "${part}" to the end of the path or drop the "+"` };
      }
      if (seen.has(name)) {
        return { problem: `parameter "${name}" appears twice`, fix: 'give each path parameter its own name' };
      }
      seen.add(name);
      segments.push({ text: part, parameter: name, greedy });
    } else {
      if (!LITERAL_SEGMENT.test(part)) {
        return { problem: `segment "${part}" has characters API Gateway does not accept in a path`, fix: 'use letters, digits and - . _ ~' };
      }
      segments.push({ text: part, greedy: false });
    }
  }
  return { segments };
}

/** The names of a path's parameters, in order (`/a/{x}/b/{y+}` gives `['x', 'y']`). */
export function pathParameters(path: string): string[] {
  const parsed = parseRoutePath(path);
  if (!('segments' in parsed)) return [];
  return parsed.segments.filter((s) => s.parameter !== undefined).map((s) => s.parameter!);
}

/**
 * A key under which two paths collide on API Gateway: `/a/{x}` and `/a/{y}` are the same
 * resource, so parameters are compared by position, not name.
 */
export function pathShapeKey(path: string): string {
  const parsed = parseRoutePath(path);
  if (!('segments' in parsed)) return path;
  return '/' + parsed.segments.map((s) => (s.parameter === undefined ? s.text : s.greedy ? '{+}' : '{}')).join('/');
}
