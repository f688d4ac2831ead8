import * as protobuf from 'protobufjs';
import { routesFromHttpAnnotations } from '../../../lambda/grpc-translator/http-annotations';
import { loadRoot } from './helpers';

let root: protobuf.Root;
beforeAll(() => {
  root = loadRoot();
});

test('every annotated unary method becomes a route, additional bindings included', () => {
  const routes = routesFromHttpAnnotations(root, 'users.v1.UserService');
  expect(routes.map((r) => `${r.method} ${r.path} -> ${r.grpcMethod.split('/')[1]}`)).toEqual([
    'GET /v1/users/{user_id} -> GetUser',
    'POST /v1/users -> CreateUser',
    'GET /v1/{parent=tenants/*}/users -> ListUsers',
    'GET /v1/users -> ListUsers',
    'PATCH /v1/users/{user.id} -> UpdateUser',
    'POST /v1/echo -> Echo',
    'POST /v1/fail/{code} -> Fail',
  ]);
});

test('body and response_body are carried; an additional binding has its own', () => {
  const routes = routesFromHttpAnnotations(root, 'users.v1.UserService');
  expect(routes[1]).toMatchObject({ body: '*', responseBody: '*' });
  expect(routes[2]).toMatchObject({ responseBody: 'users' });
  expect(routes[2].body).toBeUndefined();
  expect(routes[3]).toMatchObject({ responseBody: '*' });
  expect(routes[4]).toMatchObject({ body: 'user' });
});

test('no route uses request or response mappings, so the binding is automatic', () => {
  for (const route of routesFromHttpAnnotations(root, 'users.v1.UserService')) {
    expect(route.requestMapping).toBeUndefined();
    expect(route.responseMapping).toBeUndefined();
  }
});

test('a custom verb and idempotency_level are read', () => {
  const custom = protobuf.Root.fromJSON(({
    nested: {
      x: {
        nested: {
          M: { fields: { name: { type: 'string', id: 1 } } },
          S: {
            methods: {
              Purge: {
                requestType: 'M',
                responseType: 'M',
                options: { idempotency_level: 'IDEMPOTENT' },
                parsedOptions: [{ '(google.api.http)': { custom: { kind: 'PURGE', path: '/v1/{name=caches/*}' } } }, { idempotency_level: 'IDEMPOTENT' }],
              },
            },
          },
        },
      },
    },
  }) as unknown as protobuf.INamespace);
  expect(routesFromHttpAnnotations(custom, 'x.S')).toEqual([{ method: 'PURGE', path: '/v1/{name=caches/*}', grpcMethod: 'x.S/Purge', responseBody: '*', idempotent: true }]);
});

test('fails when the service is not in the descriptor', () => {
  expect(() => routesFromHttpAnnotations(root, 'users.v1.Nope')).toThrow('the descriptor has no service "users.v1.Nope"; it has: users.v1.UserService');
});
