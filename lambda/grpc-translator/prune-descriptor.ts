/**
 * Synth-time reduction of the descriptor shipped in the asset to what the routes use:
 * the routed services' routed methods and every message and enum their requests and
 * responses reach. The imports of annotated protos (google/protobuf/descriptor.proto
 * above all) otherwise triple the JSON the handler parses at every cold start.
 */
import type { Enum, Namespace, Root, Type } from 'protobufjs';
import { TranslatorConfig } from './config';
import { fullNameOf, lookupMethod } from './descriptor';

type JsonObject = Record<string, unknown>;

/**
 * The protobufjs JSON descriptor (`Root.toJSON()` form) with only what the configuration's
 * routes reach. `keep` names further types to ship (`google.protobuf.Any` payloads, which
 * no field reaches). Routes that do not resolve are skipped: `checkTranslatorConfig`
 * reports them.
 */
export function pruneDescriptor(root: Root, config: TranslatorConfig, keep: readonly string[] = []): JsonObject {
  const { types, methods } = reached(root, config, keep);
  const json = root.toJSON() as JsonObject;
  return { nested: filterNested(json.nested as JsonObject | undefined, '', types, methods) ?? {} };
}

/**
 * The descriptor a translator ships: {@link pruneDescriptor} keeping `anyMessageTypes`. Left
 * undefined, a translator whose routes reach a `google.protobuf.Any` field keeps every message
 * type of the descriptor, so that an `Any` of any compiled type still converts; one whose
 * routes reach no `Any` keeps only what they reach.
 */
export function descriptorToShip(root: Root, config: TranslatorConfig, anyMessageTypes?: readonly string[]): JsonObject {
  const keep = anyMessageTypes ?? (routesReachAny(root, config) ? messageTypeNames(root) : []);
  return pruneDescriptor(root, config, keep);
}

/** Whether the request or response of any route reaches a `google.protobuf.Any` field. */
export function routesReachAny(root: Root, config: TranslatorConfig): boolean {
  return reached(root, config, []).types.has(ANY);
}

/** The fully-qualified name of every message type of a root (`users.v1.User`). */
export function messageTypeNames(root: Root): string[] {
  const out: string[] = [];
  const walk = (ns: Namespace): void => {
    for (const child of ns.nestedArray) {
      if ('fieldsArray' in child) out.push(fullNameOf(child));
      if ('nestedArray' in child) walk(child as Namespace);
    }
  };
  walk(root);
  return out;
}

const ANY = 'google.protobuf.Any';

/** The types (messages and enums) and the methods of each service that the routes and `keep` reach. */
function reached(root: Root, config: TranslatorConfig, keep: readonly string[]): { types: Set<string>; methods: Map<string, Set<string>> } {
  const types = new Set<string>();
  const methods = new Map<string, Set<string>>();
  const queue: (Type | Enum)[] = [];
  const add = (object: Type | Enum): void => {
    const name = fullNameOf(object);
    if (types.has(name)) return;
    types.add(name);
    queue.push(object);
  };
  for (const route of config.routes) {
    const found = lookupMethod(root, route.grpcMethod);
    if ('problem' in found) continue;
    const service = fullNameOf(found.service);
    if (!methods.has(service)) methods.set(service, new Set());
    methods.get(service)!.add(found.method.name);
    add(found.requestType);
    add(found.responseType);
  }
  for (const name of keep) {
    try {
      const object = root.lookup(name.startsWith('.') ? name : '.' + name);
      if (object && ('fieldsArray' in object || 'valuesById' in object)) add(object as Type | Enum);
    } catch {
      // An unknown name ships nothing; the configuration check owns the errors.
    }
  }
  while (queue.length > 0) {
    const object = queue.pop()!;
    // A nested type is shipped inside its parent, so the parent (and what it reaches) goes too.
    const parent = object.parent;
    if (parent && 'fieldsArray' in parent) add(parent as Type);
    if (!('fieldsArray' in object)) continue;
    for (const field of (object as Type).fieldsArray) {
      const resolved = field.resolve().resolvedType;
      if (resolved) add(resolved as Type | Enum);
    }
    for (const nested of (object as Type).nestedArray) {
      if ('fieldsArray' in nested || 'valuesById' in nested) add(nested as Type | Enum);
    }
  }
  return { types, methods };
}

function filterNested(nested: JsonObject | undefined, prefix: string, types: Set<string>, methods: Map<string, Set<string>>): JsonObject | undefined {
  if (!nested) return undefined;
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(nested)) {
    const child = value as JsonObject;
    const full = prefix === '' ? name : `${prefix}.${name}`;
    if (child.fields !== undefined || child.values !== undefined) {
      if (types.has(full)) out[name] = child;
    } else if (child.methods !== undefined) {
      const used = methods.get(full);
      if (!used) continue;
      const kept: JsonObject = {};
      for (const [methodName, method] of Object.entries(child.methods as JsonObject)) {
        if (!used.has(methodName)) continue;
        const { requestType, responseType, requestStream, responseStream } = method as JsonObject;
        kept[methodName] = { requestType, responseType, ...(requestStream ? { requestStream } : {}), ...(responseStream ? { responseStream } : {}) };
      }
      out[name] = { methods: kept };
    } else if (child.nested !== undefined) {
      const inner = filterNested(child.nested as JsonObject, full, types, methods);
      if (inner && Object.keys(inner).length > 0) out[name] = { nested: inner };
    }
  }
  return out;
}
