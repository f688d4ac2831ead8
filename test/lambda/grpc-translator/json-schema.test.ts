import { format } from '@cfworker/json-schema';
import { compileSchema } from '../../../lambda/grpc-translator/json-schema';
import { KNOWN_FORMATS, unenforceableSchemaParts } from '../../../lambda/grpc-translator/schema-check';

// Draft 4, as the route model requires: exclusiveMaximum is a boolean beside maximum.
const userSchema = {
  type: 'object',
  required: ['email', 'name'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email' },
    name: { type: 'string', minLength: 1, maxLength: 5 },
    age: { type: 'integer', minimum: 0, maximum: 150, exclusiveMaximum: true },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, uniqueItems: true, maxItems: 3 },
    role: { enum: ['admin', 'member'] },
    address: { $ref: '#/definitions/address' },
  },
  definitions: { address: { type: 'object', required: ['city'], properties: { city: { type: 'string' }, next: { $ref: '#/definitions/address' } } } },
};

describe('compileSchema', () => {
  const validate = compileSchema(userSchema);

  test('a valid value has no violations', () => {
    // GIVEN a body that satisfies every keyword of the schema
    const body = { email: 'a@b.co', name: 'Ada', age: 36, tags: ['x', 'y'], role: 'admin', address: { city: 'L', next: { city: 'P' } } };
    // WHEN it is validated THEN nothing is reported
    expect(validate(body)).toEqual([]);
  });

  test('every missing required property is reported by name', () => {
    expect(validate({})).toEqual([
      { path: 'email', reason: 'is required' },
      { path: 'name', reason: 'is required' },
    ]);
  });

  test('type, format, length, range, pattern, enum and uniqueness are each reported once, at the leaf', () => {
    // GIVEN a body breaking one keyword per property
    const body = { email: 'nope', name: 'toolong', age: 150, tags: ['A', 'b', 'b'], role: 'root' };
    // WHEN it is validated
    const violations = validate(body);
    // THEN each leaf failure is named, and no "does not match schema" container is
    expect(violations).toEqual([
      { path: 'email', reason: 'must match format "email"' },
      { path: 'name', reason: 'must NOT have more than 5 characters' },
      { path: 'age', reason: 'must be < 150' },
      { path: 'tags[0]', reason: 'must match pattern "^[a-z]+$"' },
      { path: 'tags', reason: 'must NOT have duplicate items' },
      { path: 'role', reason: 'must be equal to one of the allowed values' },
    ]);
  });

  test('a non-integer for an integer names the expected type', () => {
    expect(validate({ email: 'a@b.co', name: 'A', age: 1.5 })).toEqual([{ path: 'age', reason: 'must be integer' }]);
  });

  test('draft 4 is enforced: a boolean exclusiveMinimum makes minimum exclusive', () => {
    const v = compileSchema({ type: 'number', minimum: 0, exclusiveMinimum: true });
    expect(v(0)).toEqual([{ path: '', reason: 'must be > 0' }]);
    expect(v(0.5)).toEqual([]);
  });

  test('additionalProperties: false names the extra property', () => {
    expect(validate({ email: 'a@b.co', name: 'A', admin: true })).toEqual([{ path: 'admin', reason: 'must NOT have additional properties' }]);
  });

  test('a violation inside an array of objects is named items[i].field', () => {
    const v = compileSchema({ type: 'object', properties: { items: { type: 'array', items: { type: 'object', required: ['sku'], properties: { n: { type: 'integer' } } } } } });
    expect(v({ items: [{ sku: 'a', n: 1 }, { n: 'x' }] })).toEqual([
      { path: 'items[1].sku', reason: 'is required' },
      { path: 'items[1].n', reason: 'must be integer' },
    ]);
  });

  test('an object key that looks like an index stays a property name', () => {
    const v = compileSchema({ type: 'object', properties: { 0: { type: 'string' } } });
    expect(v({ 0: 1 })).toEqual([{ path: '0', reason: 'must be string' }]);
  });

  test('recursive $refs are followed', () => {
    expect(validate({ email: 'a@b.co', name: 'A', address: { city: 'L', next: {} } })).toEqual([{ path: 'address.next.city', reason: 'is required' }]);
  });

  test('anyOf and oneOf report one violation, not the failures of every branch', () => {
    const any = compileSchema({ anyOf: [{ type: 'string' }, { type: 'number' }] });
    expect(any('x')).toEqual([]);
    expect(any(true)).toEqual([{ path: '', reason: 'must match a schema in anyOf' }]);
    expect(compileSchema({ oneOf: [{ type: 'integer' }, { type: 'number' }] })(1)).toEqual([{ path: '', reason: 'must match exactly one schema in oneOf' }]);
  });

  test('allOf and not report the failing leaf of the subschema', () => {
    const v = compileSchema({ allOf: [{ type: 'number' }, { minimum: 10 }], not: { enum: [12] } });
    expect(v(12)).toEqual([{ path: '', reason: 'must NOT be valid' }]);
    expect(v(5)).toEqual([{ path: '', reason: 'must be >= 10' }]);
  });

  test('list dependencies name the missing property', () => {
    const v = compileSchema({ type: 'object', dependencies: { card: ['billingAddress'] } });
    expect(v({ card: '4111' })).toEqual([{ path: 'billingAddress', reason: 'is required when "card" is present' }]);
  });

  test('propertyNames names the property whose name is invalid', () => {
    const v = compileSchema({ type: 'object', propertyNames: { pattern: '^[a-z]+$' } });
    expect(v({ ok: 1, Bad: 2 })).toEqual([{ path: 'Bad', reason: 'property name must be valid' }]);
  });

  test('maxLength counts characters, not UTF-16 units', () => {
    expect(compileSchema({ type: 'string', maxLength: 1 })('😀')).toEqual([]);
  });

  test('a missing body is reported as the value itself', () => {
    expect(validate(undefined)).toEqual([{ path: '', reason: 'is required' }]);
  });

  test('the caller\'s schema object is not annotated by the validator', () => {
    const schema = { type: 'object', properties: { a: { $ref: '#/definitions/a' } }, definitions: { a: { type: 'string' } } };
    const before = JSON.stringify(schema);
    compileSchema(schema)({ a: 1 });
    expect(Object.getOwnPropertyNames(schema.properties.a)).toEqual(['$ref']);
    expect(JSON.stringify(schema)).toBe(before);
  });
});

describe('unenforceableSchemaParts', () => {
  test('a draft 4 schema with known formats and local refs has none', () => {
    expect(unenforceableSchemaParts(userSchema)).toEqual([]);
  });

  test('unknown formats, refs outside the schema and invalid patterns are reported with where they are', () => {
    const schema = {
      properties: { a: { format: 'iban' }, b: { $ref: 'http://x/s.json' }, c: { $ref: '#/definitions/missing' } },
      items: [{ pattern: '(' }],
      patternProperties: { '[': {} },
    };
    expect(unenforceableSchemaParts(schema)).toEqual([
      'pattern "[" at #',
      'pattern "(" at /items/0',
      'format "iban" at /properties/a',
      '$ref "http://x/s.json" at /properties/b',
      '$ref "#/definitions/missing" at /properties/c',
    ]);
  });

  test('keywords the validator enforces beyond the core ones pass', () => {
    expect(unenforceableSchemaParts({ dependencies: { a: ['b'], c: { required: ['d'] } }, minProperties: 1, multipleOf: 2 })).toEqual([]);
  });

  test('the known formats are exactly the ones the bundled validator checks', () => {
    expect([...KNOWN_FORMATS].sort()).toEqual(Object.keys(format).sort());
  });
});
