import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { Root } from 'protobufjs';
import { FieldTransform, TranslatorRoute } from '../../lambda/grpc-translator/config';
import { protoResponseSchema } from '../../lib/openapi/proto-schema';
import { compileProtos } from '../../lib/transform/proto-compiler';

const PROTO = `
syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
enum Status { STATUS_UNSPECIFIED = 0; ACTIVE = 1; CLOSED = 2; }
message Order {
  int64 id = 1;
  uint32 count = 2;
  Status status = 3;
  google.protobuf.Timestamp created_at = 4;
  google.protobuf.Duration ttl = 5;
  google.protobuf.StringValue note = 6;
  map<string, int64> totals = 7;
  repeated Line lines = 8;
  bytes blob = 9;
  double price = 10;
  string secret = 11 [debug_redact = true];
  Order parent = 12;
}
message Line { string sku = 1; }
message GetOrderRequest { string id = 1; }
service Orders { rpc GetOrder(GetOrderRequest) returns (Order); }
`;
// Compiled as the translator compiles them, well-known types included.
const file = path.join(mkdtempSync(path.join(tmpdir(), 'cdk-gt-proto-')), 'shop.proto');
writeFileSync(file, PROTO);
const compiled = compileProtos([file], []);
if ('problem' in compiled) throw new Error(JSON.stringify(compiled.problem));
const root: Root = compiled.root;

const route = (extra: Partial<TranslatorRoute>): TranslatorRoute => ({ method: 'GET', path: '/orders/{id}', grpcMethod: 'shop.v1.Orders/GetOrder', ...extra });

describe('protoResponseSchema', () => {
  const whole = protoResponseSchema(root, route({ responseBody: '*' }))!;
  const order = whole.components['shop.v1.Order'] as any;

  test('the whole message is a named component with lowerCamel properties', () => {
    expect(whole.schema).toEqual({ $ref: '#/components/schemas/shop.v1.Order' });
    expect(Object.keys(order.properties)).toEqual(expect.arrayContaining(['id', 'count', 'createdAt', 'ttl', 'note', 'totals', 'lines']));
  });

  test('follows the proto3 JSON mapping for scalars and well-known types', () => {
    expect(order.properties.id).toMatchObject({ type: 'string', pattern: '^-?[0-9]+$' });
    expect(order.properties.count).toMatchObject({ type: 'integer', minimum: 0 });
    expect(order.properties.status).toEqual({ type: 'string', enum: ['STATUS_UNSPECIFIED', 'ACTIVE', 'CLOSED'] });
    expect(order.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
    expect(order.properties.ttl).toMatchObject({ type: 'string', pattern: expect.stringContaining('s$') });
    expect(order.properties.note).toEqual({ type: ['string', 'null'] });
    expect(order.properties.totals).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(order.properties.lines).toEqual({ type: 'array', items: { $ref: '#/components/schemas/shop.v1.Line' } });
    expect(order.properties.blob).toEqual({ type: 'string', contentEncoding: 'base64' });
    expect(order.properties.price.type).toEqual(['number', 'string']);
  });

  test('a recursive message refers to itself, and redacted fields are left out', () => {
    expect(order.properties.parent).toEqual({ $ref: '#/components/schemas/shop.v1.Order' });
    expect(order.properties.secret).toBeUndefined();
  });

  test('internal fields named by the translator are left out', () => {
    const hidden = protoResponseSchema(root, route({ responseBody: '*' }), ['shop.v1.Order.note'])!;
    expect((hidden.components['shop.v1.Order'] as any).properties.note).toBeUndefined();
  });

  test('a response mapping builds the object it writes, with transforms', () => {
    const mapped = protoResponseSchema(root, route({
      responseMapping: [
        { from: 'id', to: 'order.id', transform: FieldTransform.STRING_TO_NUMBER },
        { from: 'status', to: 'order.state', transform: FieldTransform.ENUM_TO_LOWERCASE_NAME },
        { from: 'created_at', to: 'createdAt' },
        { from: 'ttl', to: 'ttlSeconds', transform: FieldTransform.DURATION_TO_SECONDS },
      ],
    }))!;
    expect(mapped.schema).toEqual({
      type: 'object',
      properties: {
        order: { type: 'object', properties: { id: { type: 'number' }, state: { type: 'string', enum: ['status_unspecified', 'active', 'closed'] } } },
        createdAt: { type: 'string', format: 'date-time' },
        ttlSeconds: { type: 'number' },
      },
    });
  });

  test('a route with neither mapping nor responseBody answers an empty object', () => {
    expect(protoResponseSchema(root, route({}))!.schema).toEqual({ type: 'object', additionalProperties: false });
  });
});
