/**
 * Lookups in a protobufjs descriptor shared by the synth-time checker and the runtime:
 * field paths by original or lowerCamel name, JSON names, well-known type names.
 * Only `import type` from protobufjs, so the checker adds no code to the construct.
 */
import type { Enum, Field, Method, Namespace, ReflectionObject, Root, Service, Type } from 'protobufjs';

/** The lowerCamel JSON name of a field: its `json_name` option, else protoc's conversion. */
export function jsonNameOf(field: Field): string {
  const explicit = field.options?.json_name;
  return typeof explicit === 'string' ? explicit : lowerCamel(field.name);
}

/** protoc's snake_case → lowerCamel conversion (`created_at` → `createdAt`). */
export function lowerCamel(name: string): string {
  let out = '';
  let upper = false;
  for (const ch of name) {
    if (ch === '_') upper = true;
    else if (upper) {
      out += ch.toUpperCase();
      upper = false;
    } else out += ch;
  }
  return out;
}

/** lowerCamel → snake_case, for FieldMask paths sent by clients. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** Fields by original and JSON name, cached per type. */
const fieldIndexes = new WeakMap<Type, Map<string, Field>>();

/** Finds a field of a type by its original (`user_id`) or JSON (`userId`) name. */
export function findField(type: Type, name: string): Field | undefined {
  let index = fieldIndexes.get(type);
  if (!index) {
    index = new Map();
    for (const field of type.fieldsArray) {
      index.set(jsonNameOf(field), field);
    }
    // Original names win over a clashing JSON name of another field.
    for (const field of type.fieldsArray) index.set(field.name, field);
    fieldIndexes.set(type, index);
  }
  return index.get(name);
}

/** The message type of a field, or undefined for scalars and enums. */
export function messageTypeOf(field: Field): Type | undefined {
  const resolved = field.resolve().resolvedType;
  return resolved && 'fieldsArray' in resolved ? (resolved as Type) : undefined;
}

/** The enum of a field, or undefined. */
export function enumOf(field: Field): Enum | undefined {
  const resolved = field.resolve().resolvedType;
  return resolved && 'valuesById' in resolved ? (resolved as Enum) : undefined;
}

/** The fully-qualified name without the leading dot (`google.protobuf.Timestamp`). */
export function fullNameOf(object: ReflectionObject): string {
  return object.fullName.startsWith('.') ? object.fullName.slice(1) : object.fullName;
}

/** Message types whose proto3 JSON form is not an object of their fields. */
export const WELL_KNOWN_JSON_TYPES = new Set([
  'google.protobuf.Timestamp',
  'google.protobuf.Duration',
  'google.protobuf.FieldMask',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.ListValue',
  'google.protobuf.Any',
  'google.protobuf.Empty',
  'google.protobuf.DoubleValue',
  'google.protobuf.FloatValue',
  'google.protobuf.Int64Value',
  'google.protobuf.UInt64Value',
  'google.protobuf.Int32Value',
  'google.protobuf.UInt32Value',
  'google.protobuf.BoolValue',
  'google.protobuf.StringValue',
  'google.protobuf.BytesValue',
]);

/** Well-known types whose JSON form is a single scalar (usable in a path or query). */
export const SCALAR_LIKE_TYPES = new Set([
  'google.protobuf.Timestamp',
  'google.protobuf.Duration',
  'google.protobuf.FieldMask',
  'google.protobuf.DoubleValue',
  'google.protobuf.FloatValue',
  'google.protobuf.Int64Value',
  'google.protobuf.UInt64Value',
  'google.protobuf.Int32Value',
  'google.protobuf.UInt32Value',
  'google.protobuf.BoolValue',
  'google.protobuf.StringValue',
  'google.protobuf.BytesValue',
]);

/** A resolved field path, or the problem with it. */
export type FieldPathResult = { readonly fields: readonly Field[] } | { readonly problem: string; readonly fix: string };

/**
 * Resolves a dotted field path (`user.created_at`, `user.createdAt`) against a message
 * type. Only the last field may be repeated or a map: a path cannot step into a list.
 */
export function resolveFieldPath(type: Type, path: string): FieldPathResult {
  if (path.length === 0) return { problem: 'the field path is empty', fix: 'name a field of the message' };
  const fields: Field[] = [];
  let current: Type | undefined = type;
  const names = path.split('.');
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (!current) {
      return { problem: `"${names.slice(0, i).join('.')}" is not a message, so it has no field "${name}"`, fix: 'end the path at a scalar field' };
    }
    const field = findField(current, name);
    if (!field) {
      const known = current.fieldsArray.map((f) => f.name).join(', ');
      return { problem: `message ${fullNameOf(current)} has no field "${name}"`, fix: `use one of its fields: ${known || '(none)'}` };
    }
    if (i < names.length - 1 && (field.repeated || field.map)) {
      return { problem: `"${name}" is a repeated or map field, a path cannot step into it`, fix: `map the whole "${names.slice(0, i + 1).join('.')}" instead` };
    }
    fields.push(field);
    const nextType = messageTypeOf(field);
    current = nextType && !WELL_KNOWN_JSON_TYPES.has(fullNameOf(nextType)) ? nextType : undefined;
  }
  return { fields };
}

/** A unary method found by its `package.Service/Method` name, or the problem. */
export type MethodLookup =
  | { readonly service: Service; readonly method: Method; readonly requestType: Type; readonly responseType: Type }
  | { readonly problem: string; readonly fix: string };

/** Finds a unary method by its fully-qualified name `users.v1.UserService/GetUser`. */
export function lookupMethod(root: Root, grpcMethod: string): MethodLookup {
  const slash = typeof grpcMethod === 'string' ? grpcMethod.indexOf('/') : -1;
  if (slash <= 0 || slash === grpcMethod.length - 1) {
    return { problem: 'a gRPC method is written "package.Service/Method"', fix: 'write the fully-qualified method, "users.v1.UserService/GetUser"' };
  }
  const serviceName = grpcMethod.slice(0, slash);
  const methodName = grpcMethod.slice(slash + 1);
  const service = lookupIn(root, serviceName);
  if (!service || !('methods' in service)) {
    const services = listServices(root).join(', ');
    return { problem: `the descriptor has no service "${serviceName}"`, fix: `use a service of the compiled protos: ${services || '(none)'}` };
  }
  const svc = service as Service;
  const method = svc.methods[methodName];
  if (!method) {
    return { problem: `service ${serviceName} has no method "${methodName}"`, fix: `use one of its methods: ${Object.keys(svc.methods).join(', ')}` };
  }
  if (method.requestStream || method.responseStream) {
    return { problem: `${grpcMethod} is a streaming method; only unary methods are translated`, fix: 'route a unary method' };
  }
  method.resolve();
  return { service: svc, method, requestType: method.resolvedRequestType!, responseType: method.resolvedResponseType! };
}

/** Every service's fully-qualified name in a root. */
export function listServices(root: Namespace): string[] {
  const out: string[] = [];
  const walk = (ns: Namespace): void => {
    for (const child of ns.nestedArray) {
      if ('methods' in child) out.push(fullNameOf(child));
      if ('nestedArray' in child) walk(child as Namespace);
    }
  };
  walk(root);
  return out;
}

function lookupIn(root: Root, name: string): ReflectionObject | undefined {
  try {
    return root.lookup(name.startsWith('.') ? name : '.' + name) ?? undefined;
  } catch {
    return undefined;
  }
}
