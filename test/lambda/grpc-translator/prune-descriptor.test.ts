import * as protobuf from 'protobufjs';
import { TranslatorConfig } from '../../../lambda/grpc-translator/config';
import { descriptorToShip, pruneDescriptor } from '../../../lambda/grpc-translator/prune-descriptor';
import { messageFromJson, messageToJson } from '../../../lambda/grpc-translator/proto-json';
import { loadRoot } from './helpers';

let root: protobuf.Root;
beforeAll(() => {
  root = loadRoot();
});

function configFor(...methods: string[]): TranslatorConfig {
  return { version: 1, backend: { target: 'a:1' }, routes: methods.map((m, i) => ({ method: 'POST', path: `/r${i}`, grpcMethod: `users.v1.UserService/${m}` })) };
}

test('only the routed methods and the types they reach are kept', () => {
  // WHEN
  const pruned = protobuf.Root.fromJSON(pruneDescriptor(root, configFor('GetUser')) as protobuf.INamespace);
  // THEN
  expect(Object.keys(pruned.lookupService('users.v1.UserService').methods)).toEqual(['GetUser']);
  expect(pruned.lookup('.users.v1.User')).not.toBeNull();
  expect(pruned.lookup('.google.protobuf.Timestamp')).not.toBeNull();
  expect(pruned.lookup('.users.v1.Everything')).toBeNull();
  expect(pruned.lookup('.google.protobuf.FileDescriptorProto')).toBeNull();
});

test('a pruned descriptor encodes and decodes like the full one', () => {
  const pruned = protobuf.Root.fromJSON(pruneDescriptor(root, configFor('Echo')) as protobuf.INamespace);
  const json = { i64: '-5', many: ['1', '2'], ts: '2024-05-01T10:00:00Z', meta: { a: [1, null] }, wI64: '3', status: 'ACTIVE' };
  const fullType = root.lookupType('users.v1.Everything');
  const prunedType = pruned.lookupType('users.v1.Everything');
  const bytes = prunedType.encode(messageFromJson(prunedType, json, 'body')).finish();
  expect(Buffer.from(bytes)).toEqual(Buffer.from(fullType.encode(messageFromJson(fullType, json, 'body')).finish()));
  expect(messageToJson(prunedType, prunedType.decode(bytes))).toEqual(json);
});

test('types named in keep are shipped although no field reaches them', () => {
  const pruned = protobuf.Root.fromJSON(pruneDescriptor(root, configFor('GetUser'), ['users.v1.Filter']) as protobuf.INamespace);
  expect(pruned.lookup('.users.v1.Filter')).not.toBeNull();
});

test('by default an Any of any compiled message still converts when a route reaches an Any field', () => {
  // GIVEN Echo's Everything.extra, an Any, carrying a Filter, which no field of Everything reaches as an Any
  const shipped = protobuf.Root.fromJSON(descriptorToShip(root, configFor('Echo')) as protobuf.INamespace);
  const type = shipped.lookupType('users.v1.Everything');
  const json = { extra: { '@type': 'type.googleapis.com/users.v1.CreateUserRequest', email: 'a@example.com' } };
  // WHEN / THEN
  expect(messageToJson(type, type.decode(type.encode(messageFromJson(type, json, 'body')).finish()))).toEqual(json);
});

test('an Any of a type left out of the shipped descriptor is answered as its @type alone', () => {
  // GIVEN the payload encoded with the full descriptor, the answer written with one that ships no extra types
  const full = root.lookupType('users.v1.Everything');
  const bytes = full.encode(messageFromJson(full, { extra: { '@type': 'type.googleapis.com/users.v1.CreateUserRequest', email: 'a@example.com' } }, 'body')).finish();
  const shipped = protobuf.Root.fromJSON(descriptorToShip(root, configFor('Echo'), []) as protobuf.INamespace).lookupType('users.v1.Everything');
  // WHEN / THEN
  expect(messageToJson(shipped, shipped.decode(bytes))).toEqual({ extra: { '@type': 'type.googleapis.com/users.v1.CreateUserRequest' } });
  expect(() => messageFromJson(shipped, { extra: { '@type': 'type.googleapis.com/users.v1.CreateUserRequest' } }, 'body')).toThrow(/unknown message type/);
});

test('routes that reach no Any ship no other type', () => {
  const shipped = protobuf.Root.fromJSON(descriptorToShip(root, configFor('GetUser')) as protobuf.INamespace);
  expect(shipped.lookup('.users.v1.CreateUserRequest')).toBeNull();
  expect(shipped.lookup('.google.protobuf.Any')).toBeNull();
});
