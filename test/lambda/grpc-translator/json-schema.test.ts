import { compileSchema, unsupportedSchemaKeywords } from '../../../lambda/grpc-translator/json-schema';

const userSchema = {
  type: 'object',
  required: ['email', 'name'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', format: 'email' },
    name: { type: 'string', minLength: 1, maxLength: 5 },
    age: { type: 'integer', minimum: 0, exclusiveMaximum: 150 },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, uniqueItems: true, maxItems: 3 },
    role: { enum: ['admin', 'member'] },
    address: { $ref: '#/definitions/address' },
  },
  definitions: { address: { type: 'object', required: ['city'], properties: { city: { type: 'string' }, next: { $ref: '#/definitions/address' } } } },
};

describe('compileSchema', () => {
  const validate = compileSchema(userSchema);

  test('a valid value has no violations', () => {
    expect(validate({ email: 'a@b.co', name: 'Ada', age: 36, tags: ['x', 'y'], role: 'admin', address: { city: 'L', next: { city: 'P' } } })).toEqual([]);
  });

  test('every missing required property is reported', () => {
    expect(validate({})).toEqual([
      { path: 'email', reason: 'is required' },
      { path: 'name', reason: 'is required' },
    ]);
  });

  test('type, format, length, range, pattern, enum and uniqueness are each enforced', () => {
    const violations = validate({ email: 'nope', name: 'toolong', age: 1.5, tags: ['A', 'b', 'b'], role: 'root' });
    expect(violations).toEqual(
      expect.arrayContaining([
        { path: 'email', reason: 'must match format "email"' },
        { path: 'name', reason: 'must NOT have more than 5 characters' },
        { path: 'age', reason: 'must be integer' },
        { path: 'tags[0]', reason: 'must match pattern "^[a-z]+$"' },
        expect.objectContaining({ path: 'tags' }),
        { path: 'role', reason: 'must be equal to one of the allowed values' },
      ]),
    );
  });

  test('additionalProperties: false names the extra property', () => {
    expect(validate({ email: 'a@b.co', name: 'A', admin: true })).toEqual([{ path: 'admin', reason: 'must NOT have additional properties' }]);
  });

  test('recursive $refs are followed', () => {
    expect(validate({ email: 'a@b.co', name: 'A', address: { city: 'L', next: {} } })).toEqual([{ path: 'address.next.city', reason: 'is required' }]);
  });

  test('anyOf, oneOf, not and if/then/else combine schemas', () => {
    const v = compileSchema({ anyOf: [{ type: 'string' }, { type: 'number' }], not: { const: 0 }, if: { type: 'number' }, then: { minimum: 10 } });
    expect(v('x')).toEqual([]);
    expect(v(12)).toEqual([]);
    expect(v(5)).toEqual([{ path: '', reason: 'must be >= 10' }]);
    expect(v(0).map((x) => x.reason)).toContain('must NOT be valid');
    expect(v(true).map((x) => x.reason)).toContain('must match a schema in anyOf');
    expect(compileSchema({ oneOf: [{ type: 'integer' }, { type: 'number' }] })(1)).toEqual([{ path: '', reason: 'must match exactly one schema in oneOf' }]);
  });

  test('minLength counts characters, not UTF-16 units', () => {
    expect(compileSchema({ type: 'string', maxLength: 1 })('😀')).toEqual([]);
  });
});

describe('unsupportedSchemaKeywords', () => {
  test('the supported draft-07 keywords pass', () => {
    expect(unsupportedSchemaKeywords(userSchema)).toEqual([]);
  });

  test('unknown keywords, formats and remote refs are reported with where they are', () => {
    expect(unsupportedSchemaKeywords({ properties: { a: { format: 'iban' }, b: { $ref: 'http://x/s.json' } }, dependentSchemas: {} })).toEqual([
      'format "iban" at /properties/a',
      '$ref "http://x/s.json" at /properties/b',
      'keyword "dependentSchemas" at #',
    ]);
  });

  test('compileSchema refuses a schema with an unsupported keyword', () => {
    expect(() => compileSchema({ unevaluatedProperties: false })).toThrow('keyword "unevaluatedProperties"');
  });
});
