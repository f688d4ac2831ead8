/**
 * Lean protobufjs codecs. On first use a protobufjs Type compiles five functions at once
 * (encode, decode, verify, fromObject and toObject, each generated as source and compiled),
 * and its types' in turn; the translator calls only encode and decode, so only those are
 * compiled, each on its own first call. This is most of a cold start's first call.
 */
import type { Namespace, ReflectionObject, Root, Type } from 'protobufjs';
import { Reader, Writer, decoder, encoder, util } from 'protobufjs/light';

const hasOwn = Object.prototype.hasOwnProperty;

/** Gives every message type of a root an encode and a decode compiled on first call, without the rest. */
export function useLeanCodecs(root: Root): void {
  const walk = (ns: Namespace): void => {
    for (const child of ns.nestedArray) {
      if (isType(child)) lean(child);
      if ('nestedArray' in child) walk(child as Namespace);
    }
  };
  walk(root);
}

function isType(object: ReflectionObject): object is Type {
  return 'fieldsArray' in object;
}

function lean(type: Type): void {
  // A type already set up (or given its codecs by someone else) keeps them.
  if (hasOwn.call(type, 'encode') || hasOwn.call(type, 'decode')) return;
  const fieldTypes = (): unknown[] => type.fieldsArray.map((field) => field.resolve().resolvedType);
  type.encode = function encode(this: Type, ...args: Parameters<Type['encode']>) {
    this.encode = (encoder(this) as unknown as (scope: object) => Type['encode'])({ Writer, types: fieldTypes(), util });
    return this.encode(...args);
  };
  type.decode = function decode(this: Type, ...args: Parameters<Type['decode']>) {
    this.decode = (decoder(this) as unknown as (scope: object) => Type['decode'])({ Reader, types: fieldTypes(), util });
    return this.decode(...args);
  };
}
