import { draft4To202012, requestBodySchema } from '../../lib/openapi/schema-conversion';

describe('draft 4 to 2020-12', () => {
  test('boolean exclusive bounds become the numbers they qualify', () => {
    expect(draft4To202012({ type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false }))
      .toEqual({ type: 'number', exclusiveMinimum: 0, maximum: 10 });
  });

  test('id becomes $id and $schema is dropped, but a property named id stays a property', () => {
    expect(draft4To202012({ $schema: 'http://json-schema.org/draft-04/schema#', id: 'urn:order', properties: { id: { type: 'string' } } }))
      .toEqual({ $id: 'urn:order', properties: { id: { type: 'string' } } });
  });

  test('definitions become $defs and refs into them follow', () => {
    expect(draft4To202012({ definitions: { item: { type: 'string' } }, items: { $ref: '#/definitions/item' } }))
      .toEqual({ $defs: { item: { type: 'string' } }, items: { $ref: '#/$defs/item' } });
  });

  test('tuple items become prefixItems and additionalItems becomes items', () => {
    expect(draft4To202012({ type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false }))
      .toEqual({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false });
  });

  test('dependencies split into dependentRequired and dependentSchemas, nested schemas converted too', () => {
    expect(draft4To202012({
      dependencies: { card: ['billing'], vat: { properties: { n: { type: 'integer', minimum: 1, exclusiveMinimum: true } } } },
      anyOf: [{ id: 'urn:a' }],
    })).toEqual({
      dependentRequired: { card: ['billing'] },
      dependentSchemas: { vat: { properties: { n: { type: 'integer', exclusiveMinimum: 1 } } } },
      anyOf: [{ $id: 'urn:a' }],
    });
  });
});

describe('requestBodySchema', () => {
  test('hoists definitions into components under the operation and points refs there', () => {
    const { schema, components } = requestBodySchema({
      type: 'object', definitions: { line: { type: 'object' } }, properties: { lines: { type: 'array', items: { $ref: '#/definitions/line' } } },
    }, 'CreateOrder');
    expect(schema).toEqual({ type: 'object', properties: { lines: { type: 'array', items: { $ref: '#/components/schemas/CreateOrder.line' } } } });
    expect(components).toEqual({ 'CreateOrder.line': { type: 'object' } });
  });
});
