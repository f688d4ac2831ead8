/**
 * The field violations of a google.rpc.Status sent in `grpc-status-details-bin`
 * (google/rpc/error_details.proto BadRequest), read with the wire format directly so the
 * translator needs neither those protos in the user's descriptor nor a second codec.
 */
import { Reader } from 'protobufjs/light';
import { ErrorDetail } from '../shared/error-body';

const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';
const MAX_DETAILS = 20;

/** The BadRequest field violations of an encoded google.rpc.Status; empty when there are none or it does not decode. */
export function fieldViolationsOf(status: Uint8Array): { field: string; description: string }[] {
  const out: { field: string; description: string }[] = [];
  try {
    // google.rpc.Status: 1 code, 2 message, 3 repeated google.protobuf.Any details.
    for (const any of repeatedBytes(status, 3)) {
      // google.protobuf.Any: 1 type_url, 2 value.
      const fields = fieldsOf(any);
      if (fields.strings.get(1) !== BAD_REQUEST) continue;
      // BadRequest: 1 repeated FieldViolation { 1 field, 2 description }.
      for (const violation of repeatedBytes(fields.bytes.get(2) ?? new Uint8Array(), 1)) {
        const v = fieldsOf(violation);
        out.push({ field: v.strings.get(1) ?? '', description: v.strings.get(2) ?? '' });
        if (out.length >= MAX_DETAILS) return out;
      }
    }
  } catch {
    return [];
  }
  return out;
}

/** Error-body details from field violations, passed through a filter that drops unsafe text. */
export function violationDetails(status: Uint8Array | undefined, safe: (text: string) => string | undefined): ErrorDetail[] | undefined {
  if (!status) return undefined;
  const details: ErrorDetail[] = [];
  for (const v of fieldViolationsOf(status)) {
    const reason = safe(v.description);
    const field = safe(v.field);
    if (reason !== undefined) details.push({ ...(field ? { field } : {}), reason });
  }
  return details.length > 0 ? details : undefined;
}

function repeatedBytes(buffer: Uint8Array, id: number): Uint8Array[] {
  const reader = Reader.create(buffer);
  const out: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === id && (tag & 7) === 2) out.push(reader.bytes());
    else reader.skipType(tag & 7);
  }
  return out;
}

function fieldsOf(buffer: Uint8Array): { strings: Map<number, string>; bytes: Map<number, Uint8Array> } {
  const reader = Reader.create(buffer);
  const strings = new Map<number, string>();
  const bytes = new Map<number, Uint8Array>();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if ((tag & 7) === 2) {
      const value = reader.bytes();
      bytes.set(tag >>> 3, value);
      strings.set(tag >>> 3, Buffer.from(value).toString('utf8'));
    } else reader.skipType(tag & 7);
  }
  return { strings, bytes };
}
