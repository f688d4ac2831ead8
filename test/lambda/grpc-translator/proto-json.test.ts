import * as protobuf from 'protobufjs';
import { FieldTransform } from '../../../lambda/grpc-translator/config';
import { JsonMappingError, fieldToJsonText, fieldToJson, messageFromJson, messageToJson, messageToJsonText } from '../../../lambda/grpc-translator/proto-json';
import { transformIn, transformOut } from '../../../lambda/grpc-translator/transforms';
import { loadRoot } from './helpers';

/** The Long class protobufjs decodes 64-bit integers into. */
const Long = protobuf.util.Long as unknown as { fromString(text: string): unknown };

let everything: protobuf.Type;
let user: protobuf.Type;
beforeAll(() => {
  const root = loadRoot();
  everything = root.lookupType('users.v1.Everything');
  user = root.lookupType('users.v1.User');
});

/** Encodes the JSON input, decodes the wire bytes and writes proto3 JSON again. */
function roundTrip(json: Record<string, unknown>): unknown {
  const bytes = everything.encode(messageFromJson(everything, json, 'body')).finish();
  return messageToJson(everything, everything.decode(bytes));
}

function errorOf(json: unknown): JsonMappingError {
  try {
    messageFromJson(everything, json, 'body');
  } catch (error) {
    return error as JsonMappingError;
  }
  throw new Error('no error');
}

describe('proto3 JSON mapping', () => {
  test('int64 and uint64 are emitted as strings and accepted as numbers or strings', () => {
    expect(roundTrip({ i64: 5, u64: '18446744073709551615', s64: '-3', f64: '12' })).toEqual({ i64: '5', u64: '18446744073709551615', s64: '-3', f64: '12' });
  });

  test('int64 beyond the int64 range is rejected naming the field', () => {
    expect(errorOf({ i64: '9223372036854775808' })).toMatchObject({ field: 'body.i64', reason: 'out of range for int64' });
  });

  test('an unsafe JSON number for int64 is rejected', () => {
    expect(errorOf({ i64: 2 ** 60 }).reason).toContain('string');
  });

  test('int32 accepts numeric strings and rejects fractions', () => {
    expect(roundTrip({ i32: '-7', u32: 4294967295 })).toEqual({ i32: -7, u32: 4294967295 });
    expect(errorOf({ i32: 1.5 }).field).toBe('body.i32');
    expect(errorOf({ u32: -1 }).reason).toBe('out of range for uint32');
  });

  test('enums are emitted by name and accepted by name or number', () => {
    expect(roundTrip({ status: 2 })).toEqual({ status: 'SUSPENDED' });
    expect(roundTrip({ status: 'ACTIVE' })).toEqual({ status: 'ACTIVE' });
    expect(errorOf({ status: 'GONE' }).field).toBe('body.status');
  });

  test('Timestamp is RFC 3339, Z-normalized, with 0, 3, 6 or 9 fractional digits', () => {
    expect(roundTrip({ ts: '1972-01-01T10:00:20.021Z' })).toEqual({ ts: '1972-01-01T10:00:20.021Z' });
    expect(roundTrip({ ts: '2024-05-01T12:00:00+02:00' })).toEqual({ ts: '2024-05-01T10:00:00Z' });
    expect(roundTrip({ ts: '2024-05-01T10:00:00.000001Z' })).toEqual({ ts: '2024-05-01T10:00:00.000001Z' });
    expect(roundTrip({ ts: '0001-01-01T00:00:00.123456789Z' })).toEqual({ ts: '0001-01-01T00:00:00.123456789Z' });
    expect(errorOf({ ts: '2024-02-30T00:00:00Z' }).field).toBe('body.ts');
  });

  test('Duration is seconds with an "s" suffix, negatives included', () => {
    expect(roundTrip({ dur: '1.000340012s' })).toEqual({ dur: '1.000340012s' });
    expect(roundTrip({ dur: '-0.5s' })).toEqual({ dur: '-0.500s' });
    expect(errorOf({ dur: '5m' }).field).toBe('body.dur');
  });

  test('FieldMask converts lowerCamel paths to field names and back', () => {
    const message = messageFromJson(everything, { mask: 'user.displayName,createdAt' }, 'body') as { mask: { paths: string[] } };
    expect(message.mask.paths).toEqual(['user.display_name', 'created_at']);
    expect(roundTrip({ mask: 'user.displayName,createdAt' })).toEqual({ mask: 'user.displayName,createdAt' });
  });

  test('wrappers are their wrapped value, and a wrapped default is still present', () => {
    expect(roundTrip({ wI64: '0', wStr: '', wBool: false })).toEqual({ wI64: '0', wStr: '', wBool: false });
  });

  test('Struct, Value and ListValue carry any JSON', () => {
    const meta = { n: 1.5, s: 'x', b: false, z: null, list: [1, [2], { k: 'v' }] };
    expect(roundTrip({ meta, anyValue: 'text', list: [true, null] })).toEqual({ meta, anyValue: 'text', list: [true, null] });
  });

  test('bytes are standard base64 out, standard or URL-safe base64 in', () => {
    expect(roundTrip({ data: '-_8' })).toEqual({ data: '+/8=' });
    expect(errorOf({ data: 'not base64!' }).field).toBe('body.data');
  });

  test('original and lowerCamel names are accepted, json_name is honoured, lowerCamel emitted', () => {
    expect(roundTrip({ w_i64: '1', bNum: 3, display_name: 'x' })).toEqual({ wI64: '1', bNum: 3, label: 'x' });
    expect(roundTrip({ label: 'y' })).toEqual({ label: 'y' });
  });

  test('a field given under both names is rejected', () => {
    expect(errorOf({ w_i64: '1', wI64: '2' }).reason).toContain('twice');
  });

  test('an unknown field is rejected naming it', () => {
    expect(errorOf({ nope: 1 })).toMatchObject({ field: 'body.nope', reason: 'unknown field of users.v1.Everything' });
  });

  test('two members of one oneof are rejected', () => {
    expect(errorOf({ a: 'x', bNum: 1 }).reason).toContain('oneof "choice"');
  });

  test('null means the default, and proto3 optional keeps a present zero', () => {
    expect(roundTrip({ i32: null, maybe: 0 })).toEqual({ maybe: 0 });
  });

  test('float prints the shortest decimal; NaN and Infinity are strings', () => {
    expect(roundTrip({ f: 0.1, d: 'NaN' })).toEqual({ f: 0.1, d: 'NaN' });
    expect(roundTrip({ d: '-Infinity' })).toEqual({ d: '-Infinity' });
  });

  test('repeated and map fields convert each element', () => {
    expect(roundTrip({ many: [1, '2'], counts: { a: 1, b: '2' } })).toEqual({ many: ['1', '2'], counts: { a: 1, b: 2 } });
    expect(errorOf({ many: ['x'] }).field).toBe('body.many[0]');
  });

  test('Any carries the fields of its message, or "value" for a well-known type', () => {
    expect(roundTrip({ extra: { '@type': 'type.googleapis.com/users.v1.Filter', status: 'ACTIVE', namePrefix: 'A' } })).toEqual({
      extra: { '@type': 'type.googleapis.com/users.v1.Filter', status: 'ACTIVE', namePrefix: 'A' },
    });
    expect(roundTrip({ extra: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1.5s' } })).toEqual({
      extra: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1.500s' },
    });
    expect(errorOf({ extra: { '@type': 'type.googleapis.com/x.Unknown' } }).field).toBe('body.extra.@type');
  });

  test('every 64-bit integer type keeps its exact value both ways, at and beyond 2^53, 2^63 and 2^64', () => {
    // GIVEN edge values and pseudo-random ones spread over every bit length
    const edges = [0n, 1n, -1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 32n, 2n ** 48n + 7n, 10n ** 18n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n];
    let seed = 42;
    const next = (): bigint => BigInt((seed = (seed * 1103515245 + 12345) % 2147483648));
    const values = [...edges, ...Array.from({ length: 300 }, (_, i) => ((next() << 33n) ^ (next() << 2n) ^ next()) >> BigInt(i % 64))];
    for (const value of values) {
      for (const [field, type] of [['i64', 'int64'], ['u64', 'uint64'], ['s64', 'sint64'], ['f64', 'fixed64']] as const) {
        const exact = type === 'uint64' || type === 'fixed64' ? BigInt.asUintN(64, value) : BigInt.asIntN(64, value);
        if (exact === 0n) continue;
        // WHEN it goes in as a JSON string (and as a number when that is exact), out through the wire
        const inputs: unknown[] = [exact.toString(), ...(exact > -(2n ** 53n) && exact < 2n ** 53n ? [Number(exact)] : [])];
        for (const input of inputs) {
          // THEN the same decimal comes back
          expect([type, input, roundTrip({ [field]: input })]).toEqual([type, input, { [field]: exact.toString() }]);
        }
      }
    }
  });

  test('timestamps over the whole range 0001-9999 are written and read as the calendar has them', () => {
    // GIVEN seconds at the range's ends, around leap days and century years, and spread between
    const days = [-719162, -719162 + 59, 0, 59, 60, 10956, 11016, 11017, 47540, 47541, 2932896];
    const seconds = [...days.flatMap((d) => [d * 86400, d * 86400 + 86399]), ...Array.from({ length: 400 }, (_, i) => -62135596800 + i * 789_012_345)];
    for (const s of seconds.filter((t) => t >= -62135596800 && t <= 253402300799)) {
      // WHEN it is written
      const json = roundTrip({ ts: new Date(s * 1000).toISOString() }) as { ts: string };
      // THEN it is Date's own reading of the instant, and reads back to the same seconds
      expect(json.ts).toBe(new Date(s * 1000).toISOString().slice(0, 19) + 'Z');
      expect(roundTrip({ ts: json.ts })).toEqual(json);
    }
    expect(roundTrip({ ts: '2024-02-29T23:59:59.5+01:00' })).toEqual({ ts: '2024-02-29T22:59:59.500Z' });
    expect(errorOf({ ts: '2023-02-29T00:00:00Z' })).toMatchObject({ field: 'body.ts' });
    expect(errorOf({ ts: '2100-02-29T00:00:00Z' })).toMatchObject({ field: 'body.ts' });
    expect(roundTrip({ ts: '2000-02-29T00:00:00Z' })).toEqual({ ts: '2000-02-29T00:00:00Z' });
  });

  test('JSON text written directly is JSON.stringify of the JSON object, for every field kind', () => {
    // GIVEN messages with every kind of field, defaults, nesting, lists, maps, Any, Struct and odd strings
    const inputs: Record<string, unknown>[] = [
      {},
      { i64: '-9223372036854775808', u64: '18446744073709551615', i32: -5, u32: 7, d: 0.1, f: 0.1, b: true, data: 'AAEC', status: 'SUSPENDED' },
      { ts: '2024-05-01T10:00:00.5Z', dur: '-1.5s', mask: 'user.displayName,createdAt', wI64: '0', wStr: 'x', wBool: false },
      { meta: { a: [1, null, 'b', { c: true }], '': {} }, anyValue: null, list: [1, 'two', [3]], many: ['1', '-2'], counts: { b: 2, a: 1, '10': 3, '2': 4 } },
      { s64: '-1', f64: '9007199254740993', maybe: 0, a: 'quote " backslash \\ newline \n tab \t \u2028 é 😀', label: 'json name', byId: { '-5': 'neg', '7': 'x' } },
      { bNum: 3, extra: { '@type': 'type.googleapis.com/users.v1.Filter', status: 'ACTIVE', namePrefix: 'a' }, filters: [{}, { status: 'SUSPENDED' }], oneFilter: { namePrefix: '' } },
      { d: 'NaN', f: '-Infinity', status: 5 },
    ];
    for (const json of inputs) {
      const decoded = everything.decode(everything.encode(messageFromJson(everything, json, 'body')).finish());
      // WHEN / THEN
      expect(messageToJsonText(everything, decoded)).toBe(JSON.stringify(messageToJson(everything, decoded)));
      for (const field of everything.fieldsArray) {
        const value = (decoded as unknown as Record<string, unknown>)[field.name];
        expect([field.name, fieldToJsonText(field, value)]).toEqual([field.name, JSON.stringify(fieldToJson(field, value) ?? null)]);
      }
    }
  });

  test('64-bit map keys come back as decimal strings', () => {
    expect(roundTrip({ byId: { '-5': 'x', '9007199254740993': 'y' } })).toEqual({ byId: { '-5': 'x', '9007199254740993': 'y' } });
    expect(errorOf({ byId: { abc: 'x' } }).field).toBe('body.byId.abc');
  });
});

describe('transforms', () => {
  test('timestampToISO writes milliseconds and reads any RFC 3339 offset', () => {
    const field = user.fields.created_at;
    expect(transformOut(FieldTransform.TIMESTAMP_TO_ISO, field, { seconds: 1714557600, nanos: 5e8 })).toBe('2024-05-01T10:00:00.500Z');
    expect(transformIn(FieldTransform.TIMESTAMP_TO_ISO, field, '2024-05-01T12:00:00+02:00', 'body.createdAt')).toEqual({ seconds: 1714557600, nanos: 0 });
  });

  test('epochMillisToISO converts an int64 both ways', () => {
    const field = everything.fields.i64;
    expect(transformIn(FieldTransform.EPOCH_MILLIS_TO_ISO, field, '2024-05-01T10:00:00.250Z', 'x')).toBe('1714557600250');
    expect(transformOut(FieldTransform.EPOCH_MILLIS_TO_ISO, field, 1714557600250)).toBe('2024-05-01T10:00:00.250Z');
  });

  test('stringToNumber emits an int64 as a JSON number and refuses to lose precision', () => {
    const field = everything.fields.i64;
    expect(transformOut(FieldTransform.STRING_TO_NUMBER, field, Long.fromString('42'))).toBe(42);
    expect(() => transformOut(FieldTransform.STRING_TO_NUMBER, field, Long.fromString('9007199254740993'))).toThrow();
  });

  test('numberToString emits an int32 as a string', () => {
    expect(transformOut(FieldTransform.NUMBER_TO_STRING, everything.fields.i32, 7)).toBe('7');
  });

  test('enum transforms give the number or the lower-case name', () => {
    const field = everything.fields.status;
    expect(transformOut(FieldTransform.ENUM_TO_NUMBER, field, 2)).toBe(2);
    expect(transformOut(FieldTransform.ENUM_TO_LOWERCASE_NAME, field, 2)).toBe('suspended');
    expect(transformIn(FieldTransform.ENUM_TO_LOWERCASE_NAME, field, 'Active', 'x')).toBe(1);
  });

  test('boolean accepts "true"/"1" on input', () => {
    expect(transformIn(FieldTransform.BOOLEAN, everything.fields.b, '1', 'x')).toBe(true);
    expect(() => transformIn(FieldTransform.BOOLEAN, everything.fields.b, 'yes', 'query.b')).toThrow(JsonMappingError);
  });

  test('durationToMillis converts both ways', () => {
    const field = everything.fields.dur;
    expect(transformOut(FieldTransform.DURATION_TO_MILLIS, field, { seconds: 1, nanos: 500_000_000 })).toBe(1500);
    expect(transformIn(FieldTransform.DURATION_TO_MILLIS, field, 1500, 'x')).toEqual({ seconds: 1, nanos: 500_000_000 });
  });

  test('bytesToBase64Url writes URL-safe base64 without padding', () => {
    expect(transformOut(FieldTransform.BYTES_TO_BASE64URL, everything.fields.data, Buffer.from([0xfb, 0xff]))).toBe('-_8');
  });
});
