/**
 * Path templates of translated routes: the API Gateway form (`/users/{userId}`,
 * `/files/{path+}`) and the google.api.http form (`/v1/{name=shelves/*}/books/{book.id}`,
 * `/v1/{path=**}`, `/v1/{name=*}:cancel`). Pure; a parse returns a problem instead of throwing.
 */

/** One matched piece of a template: a literal, `*` (one segment) or `**` (the rest). */
export interface TemplateSegment {
  /** `literal`, `single` (`*`) or `multi` (`**`). */
  readonly kind: 'literal' | 'single' | 'multi';
  /** The literal text, for `literal` segments. */
  readonly text?: string;
}

/** A `{var}` or `{var=pattern}` of a template, spanning one or more segments. */
export interface TemplateVariable {
  /** The variable's name: a path-parameter name or, in automatic mode, a request field path. */
  readonly name: string;
  /** Index of its first segment. */
  readonly start: number;
  /** Index after its last segment. */
  readonly end: number;
}

/** A parsed template. */
export interface PathTemplate {
  /** The template as written. */
  readonly text: string;
  /** Every segment, variables' patterns inlined. */
  readonly segments: readonly TemplateSegment[];
  /** The variables, in order. */
  readonly variables: readonly TemplateVariable[];
  /** The `:verb` suffix, if any. */
  readonly verb?: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const LITERAL = /^[A-Za-z0-9._~\-@!$&'()+,;=%]+$/;

/** Parses a path template; returns it or a problem and its fix. */
export function parsePathTemplate(text: string): PathTemplate | { problem: string; fix: string } {
  if (typeof text !== 'string' || !text.startsWith('/')) {
    return { problem: 'a path template must start with "/"', fix: 'write the path from the API root, "/api/v1/users/{userId}"' };
  }
  let body = text.slice(1);
  let verb: string | undefined;
  // The verb is a ':' after the last '/' and outside braces.
  const lastSlash = body.lastIndexOf('/');
  const lastClose = body.lastIndexOf('}');
  const colon = body.indexOf(':', Math.max(lastSlash, lastClose) + 1);
  if (colon >= 0) {
    verb = body.slice(colon + 1);
    body = body.slice(0, colon);
    if (!LITERAL.test(verb)) return { problem: `the verb ":${verb}" is not a literal`, fix: 'write the verb as letters and digits, ":cancel"' };
  }
  const segments: TemplateSegment[] = [];
  const variables: TemplateVariable[] = [];
  const seen = new Set<string>();
  if (body === '') return { text, segments, variables, verb };
  const parts = splitOutsideBraces(body);
  if (parts === undefined) return { problem: `"${text}" has unbalanced braces`, fix: 'close every "{" with "}"' };
  for (const part of parts) {
    if (part.includes('{') && !part.startsWith('{')) {
      return { problem: `segment "${part}" mixes a variable with literal text`, fix: 'make the variable a whole segment, "/{name}"' };
    }
    if (part.startsWith('{')) {
      if (!part.endsWith('}')) return { problem: `segment "${part}" mixes a variable with literal text`, fix: 'make the variable a whole segment, "/{name}"' };
      let inner = part.slice(1, -1);
      let pattern = ['*'];
      const eq = inner.indexOf('=');
      if (eq >= 0) {
        pattern = inner.slice(eq + 1).split('/');
        inner = inner.slice(0, eq);
      } else if (inner.endsWith('+')) {
        pattern = ['**'];
        inner = inner.slice(0, -1);
      }
      if (!IDENT.test(inner)) return { problem: `variable "${inner}" is not a valid name or field path`, fix: 'use letters, digits and "_", dots between fields' };
      if (seen.has(inner)) return { problem: `variable "${inner}" appears twice`, fix: 'give each variable its own name' };
      seen.add(inner);
      const start = segments.length;
      for (const p of pattern) {
        const segment = literalOrWildcard(p);
        if (!segment) return { problem: `segment "${p}" of variable "${inner}" is not a literal, "*" or "**"`, fix: 'write the pattern as literals and wildcards, "shelves/*"' };
        segments.push(segment);
      }
      variables.push({ name: inner, start, end: segments.length });
    } else {
      const segment = literalOrWildcard(part);
      if (!segment) {
        return { problem: `segment "${part}" is not a literal, "*" or "**"`, fix: 'use letters, digits and - . _ ~ in literal segments' };
      }
      segments.push(segment);
    }
  }
  const multi = segments.findIndex((s) => s.kind === 'multi');
  if (multi >= 0 && multi !== segments.length - 1) {
    return { problem: `"**" must be the last segment of "${text}"`, fix: 'move the "**" (or the greedy "{name+}") to the end of the path' };
  }
  return { text, segments, variables, verb };
}

/** True when {@link parsePathTemplate} returned a problem. */
export function isTemplateProblem(parsed: PathTemplate | { problem: string; fix: string }): parsed is { problem: string; fix: string } {
  return 'problem' in parsed;
}

/**
 * The API Gateway route path for a template: a simple `{name}` stays, a multi-segment or
 * patterned variable becomes one path parameter per wildcard (`{name=shelves/*}` →
 * `shelves/{name_1}`) and `**` a greedy `{name+}`. A `:verb` template becomes greedy too,
 * since API Gateway cannot match text after a parameter within a segment.
 */
export function gatewayPathOf(template: PathTemplate): string {
  const out: string[] = [];
  let unnamed = 0;
  for (let i = 0; i < template.segments.length; i++) {
    const segment = template.segments[i];
    const variable = template.variables.find((v) => i >= v.start && i < v.end);
    const base = variable ? variable.name.replace(/\./g, '_') : `p${unnamed}`;
    const simple = variable && variable.end - variable.start === 1;
    const name = simple ? base : `${base}_${i - (variable ? variable.start : 0)}`;
    if (segment.kind === 'literal') out.push(segment.text!);
    else if (segment.kind === 'single') {
      out.push(`{${name}}`);
      if (!variable) unnamed++;
    } else {
      out.push(`{${name}+}`);
      if (!variable) unnamed++;
    }
  }
  if (template.verb !== undefined) {
    if (out.length > 0 && out[out.length - 1].startsWith('{')) {
      const last = out[out.length - 1];
      out[out.length - 1] = last.endsWith('+}') ? last : `${last.slice(0, -1)}+}`;
    } else {
      out.push(`{verb+}`);
    }
  }
  return '/' + out.join('/');
}

/** The API Gateway route path of a template string (see {@link gatewayPathOf}); throws on a template that does not parse. */
export function gatewayPath(template: string): string {
  const parsed = parsePathTemplate(template);
  if (isTemplateProblem(parsed)) throw new Error(`${template}: ${parsed.problem}`);
  return gatewayPathOf(parsed);
}

/** A path whose matched value is not valid percent-encoded UTF-8 (`%FF`, a stray `%`): answered with 400. */
export class PathEncodingError extends Error {
  constructor(readonly variable: string) {
    super(`path variable ${variable} is not valid percent-encoded UTF-8`);
    this.name = 'PathEncodingError';
  }
}

/**
 * A compiled matcher: the captured value of each variable, or undefined when the path
 * does not match. Throws {@link PathEncodingError} when a value does not decode.
 */
export type TemplateMatcher = (path: string) => string[] | undefined;

/**
 * Compiles a template into a matcher over a raw (percent-encoded) path. Values of
 * single-segment variables are percent-decoded; multi-segment ones keep `%2F` encoded as
 * google.api.http specifies.
 */
export function compileTemplate(template: PathTemplate): TemplateMatcher {
  let source = '^';
  const groupOf: number[] = [];
  for (let v = 0; v < template.variables.length; v++) groupOf.push(v);
  let i = 0;
  while (i < template.segments.length) {
    const variable = template.variables.find((v) => v.start === i);
    if (variable) {
      source += '/(' + template.segments.slice(variable.start, variable.end).map(segmentSource).join('/') + ')';
      i = variable.end;
    } else {
      source += '/' + segmentSource(template.segments[i]);
      i++;
    }
  }
  if (template.verb !== undefined) source += ':' + escapeRegExp(template.verb);
  source += '$';
  const regex = new RegExp(source);
  const decodeEach = template.variables.map((v) => v.end - v.start === 1 && template.segments[v.start].kind !== 'multi');
  const count = template.variables.length;
  return (path) => {
    const m = regex.exec(path);
    if (m === null) return undefined;
    const values = new Array<string>(count);
    for (let k = 0; k < count; k++) {
      const value = decode(m[k + 1], !decodeEach[k]);
      if (value === undefined) throw new PathEncodingError(template.variables[k].name);
      values[k] = value;
    }
    return values;
  };
}

function segmentSource(segment: TemplateSegment): string {
  if (segment.kind === 'literal') return escapeRegExp(segment.text!);
  if (segment.kind === 'single') return '[^/]+';
  return '.*';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Decodes once; undefined when the text is not valid percent-encoded UTF-8, never the raw text. */
function decode(raw: string, keepSlash: boolean): string | undefined {
  if (raw.indexOf('%') < 0) return LONE_SURROGATE.test(raw) ? undefined : raw;
  try {
    return keepSlash ? decodeURIComponent(raw.replace(/%2F/gi, '%252F')) : decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function literalOrWildcard(part: string): TemplateSegment | undefined {
  if (part === '*') return { kind: 'single' };
  if (part === '**') return { kind: 'multi' };
  if (part.length > 0 && LITERAL.test(part)) return { kind: 'literal', text: part };
  return undefined;
}

function splitOutsideBraces(body: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (depth < 0 || depth > 1) return undefined;
    if (ch === '/' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (depth !== 0) return undefined;
  parts.push(current);
  return parts;
}
