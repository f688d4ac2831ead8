import * as protobuf from 'protobufjs';
import { checkTranslatorConfig, internalFieldExposures } from '../../../lambda/grpc-translator/check-config';
import { FieldTransform, TranslatorConfig, TranslatorRoute } from '../../../lambda/grpc-translator/config';
import { routesFromHttpAnnotations } from '../../../lambda/grpc-translator/http-annotations';
import { loadRoot } from './helpers';

let root: protobuf.Root;
beforeAll(() => {
  root = loadRoot();
});

const getUser: TranslatorRoute = {
  method: 'GET',
  path: '/api/v1/users/{userId}',
  grpcMethod: 'users.v1.UserService/GetUser',
  requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
  responseMapping: [
    { from: 'response.user.id', to: 'id' },
    { from: 'response.user.created_at', to: 'createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
  ],
};

function check(route: TranslatorRoute, extra: Partial<TranslatorConfig> = {}) {
  return checkTranslatorConfig({ version: 1, backend: { target: 'dns:///users.internal:50051' }, routes: [route], ...extra }, root);
}

test('the reference routes pass', () => {
  const createUser: TranslatorRoute = {
    method: 'POST',
    path: '/api/v1/users',
    grpcMethod: 'users.v1.UserService/CreateUser',
    requestMapping: [
      { from: 'body.email', to: 'request.email' },
      { from: 'body.name', to: 'name' },
      { from: 'identity.tenantId', to: 'request.tenant_id' },
    ],
    responseMapping: [{ from: 'response.user', to: 'user' }, { from: 'response.created', to: 'created' }],
  };
  expect(checkTranslatorConfig({ version: 1, backend: { target: 'dns:///users.internal:50051' }, routes: [getUser, createUser] }, root)).toEqual([]);
});

test('the routes derived from google.api.http annotations pass', () => {
  const routes = routesFromHttpAnnotations(root, 'users.v1.UserService');
  expect(checkTranslatorConfig({ version: 1, backend: { target: '127.0.0.1:50051' }, routes }, root)).toEqual([]);
});

test('fails when the service is unknown', () => {
  const problems = check({ ...getUser, grpcMethod: 'users.v1.NoService/GetUser' });
  expect(problems).toEqual([expect.objectContaining({ prop: 'routes[0].grpcMethod', problem: 'the descriptor has no service "users.v1.NoService"' })]);
  expect(problems[0].fix).toContain('users.v1.UserService');
});

test('fails when the method is unknown', () => {
  const problems = check({ ...getUser, grpcMethod: 'users.v1.UserService/GetUsr' });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].grpcMethod', problem: 'service users.v1.UserService has no method "GetUsr"' });
});

test('fails when the method is written with a dot', () => {
  expect(check({ ...getUser, grpcMethod: 'UserService.GetUser' })[0].problem).toContain('"package.Service/Method"');
});

test('fails when the method streams', () => {
  expect(check({ ...getUser, grpcMethod: 'users.v1.UserService/Watch' })[0].problem).toContain('streaming');
});

test('fails when a request field is unknown', () => {
  const problems = check({ ...getUser, requestMapping: [{ from: 'path.userId', to: 'request.userid' }] });
  expect(problems).toEqual([expect.objectContaining({ prop: 'routes[0].requestMapping[0].to', problem: 'message users.v1.GetUserRequest has no field "userid"' })]);
});

test('fails when a response field is unknown', () => {
  const problems = check({ ...getUser, responseMapping: [{ from: 'response.user.secret', to: 'secret' }] });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].responseMapping[0].from', problem: 'message users.v1.User has no field "secret"' });
});

test('fails when a transform is applied to a field of the wrong type', () => {
  const problems = check({ ...getUser, responseMapping: [{ from: 'response.user.email', to: 'email', transform: FieldTransform.TIMESTAMP_TO_ISO }] });
  expect(problems[0]).toMatchObject({
    prop: 'routes[0].responseMapping[0].transform',
    problem: 'timestampToISO applies to google.protobuf.Timestamp, but "email" is string',
  });
});

test('fails when the transform is unknown', () => {
  const problems = check({ ...getUser, responseMapping: [{ from: 'user.email', to: 'email', transform: 'shout' as FieldTransform }] });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].responseMapping[0].transform', problem: 'unknown transform' });
});

test('fails when two mappings fill one request field', () => {
  const problems = check({ ...getUser, requestMapping: [{ from: 'path.userId', to: 'user_id' }, { from: 'query.id', to: 'request.userId' }] });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].requestMapping[1].to', problem: 'requestMapping[0] already fills "user_id"' });
});

test('fails when two mappings write one response field', () => {
  const problems = check({ ...getUser, responseMapping: [{ from: 'user.id', to: 'id' }, { from: 'user.email', to: 'id' }] });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].responseMapping[1].to', problem: 'responseMapping[0] already writes "id"' });
});

test('fails when path.x is mapped but the path has no {x}', () => {
  const problems = check({ ...getUser, requestMapping: [{ from: 'path.id', to: 'user_id' }] });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].requestMapping[0].from', problem: 'the path /api/v1/users/{userId} has no {id}', fix: 'use one of its parameters: {userId}' });
});

test('fails when the source is not one the translator reads', () => {
  expect(check({ ...getUser, requestMapping: [{ from: 'cookie.id', to: 'user_id' }] })[0].prop).toBe('routes[0].requestMapping[0].from');
});

test('fails when a text source is mapped to a message field', () => {
  const problems = check({ method: 'PATCH', path: '/u/{id}', grpcMethod: 'users.v1.UserService/UpdateUser', requestMapping: [{ from: 'path.id', to: 'user' }] });
  expect(problems[0].problem).toContain('is message users.v1.User');
});

test('fails when a path variable of an automatic route names no field', () => {
  const problems = check({ method: 'GET', path: '/v1/users/{id}', grpcMethod: 'users.v1.UserService/GetUser' });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].path', problem: 'variable {id}: message users.v1.GetUserRequest has no field "id"' });
});

test('fails when the path does not parse', () => {
  expect(check({ ...getUser, path: 'users/{userId}' })[0]).toMatchObject({ prop: 'routes[0].path', problem: 'a path template must start with "/"' });
});

test('fails when two routes share method and path', () => {
  const problems = checkTranslatorConfig({ version: 1, backend: { target: 'a:1' }, routes: [getUser, { ...getUser, path: '/api/v1/users/{id}', requestMapping: [] }] }, root);
  expect(problems[0]).toMatchObject({ prop: 'routes[1].path', problem: 'GET /api/v1/users/{} is already routed by routes[0]' });
});

test('fails when the backend target has no port', () => {
  expect(check(getUser, { backend: { target: 'dns:///users.internal' } })[0]).toMatchObject({ prop: 'backend.target', problem: 'the target has no port' });
});

test('fails when limits are not positive integers', () => {
  const props = check(getUser, { maxRequestBytes: 0, defaultTimeoutMs: 1.5 }).map((p) => p.prop);
  expect(props).toEqual(['maxRequestBytes', 'defaultTimeoutMs']);
});

test('fails when the request schema uses a format the translator does not enforce', () => {
  const problems = check({ ...getUser, method: 'POST', requestSchema: { type: 'object', properties: { iban: { type: 'string', format: 'iban' } } } });
  expect(problems[0]).toMatchObject({ prop: 'routes[0].requestSchema', problem: 'the translator cannot enforce format "iban" at /properties/iban' });
});

describe('identity fields', () => {
  const createWithIdentity: TranslatorRoute = {
    method: 'POST',
    path: '/api/v1/users',
    grpcMethod: 'users.v1.UserService/CreateUser',
    requestMapping: [{ from: 'body.email', to: 'email' }, { from: 'identity.tenantId', to: 'tenant_id' }],
  };
  const createFromHeader: TranslatorRoute = {
    method: 'POST',
    path: '/api/v1/tenants/users',
    grpcMethod: 'users.v1.UserService/CreateUser',
    requestMapping: [{ from: 'body.email', to: 'email' }, { from: 'header.x-tenant-id', to: 'request.tenantId' }],
  };
  const all = (routes: TranslatorRoute[]) => checkTranslatorConfig({ version: 1, backend: { target: '127.0.0.1:50051' }, routes }, root);

  test('fails when a header fills a field another route fills from the identity', () => {
    // WHEN
    const problems = all([createWithIdentity, createFromHeader]);
    // THEN
    expect(problems).toEqual([expect.objectContaining({ prop: 'routes[1].requestMapping[1].from', received: 'header.x-tenant-id' })]);
    expect(problems[0].problem).toContain('users.v1.CreateUserRequest.tenant_id is an identity field');
    expect(problems[0].problem).toContain('routes[0].requestMapping[1]');
  });

  test('fails when a header fills a field an automatic route binds to the identity', () => {
    const automatic: TranslatorRoute = { method: 'POST', path: '/v1/users', grpcMethod: 'users.v1.UserService/CreateUser', body: '*', identityMapping: [{ from: 'identity.tenantId', to: 'tenant_id' }] };
    expect(all([automatic, createFromHeader])[0]).toMatchObject({ prop: 'routes[1].requestMapping[1].from' });
  });

  test('a header into a field no identity mapping fills passes', () => {
    expect(all([createFromHeader])).toEqual([]);
  });

  test('an automatic route binds identity keys to scalar request fields', () => {
    const automatic: TranslatorRoute = { method: 'POST', path: '/v1/users', grpcMethod: 'users.v1.UserService/CreateUser', body: '*', identityMapping: [{ from: 'identity.tenantId', to: 'tenant_id' }] };
    expect(check(automatic)).toEqual([]);
  });

  test.each([
    [{ from: 'header.x-tenant-id', to: 'tenant_id' }, 'routes[0].identityMapping[0].from'],
    [{ from: 'identity.tenantId', to: 'tenant' }, 'routes[0].identityMapping[0].to'],
  ])('fails when an identity binding is not identity.<key> into a field: %j', (mapping, prop) => {
    const automatic: TranslatorRoute = { method: 'POST', path: '/v1/users', grpcMethod: 'users.v1.UserService/CreateUser', body: '*', identityMapping: [mapping] };
    expect(check(automatic)[0]).toMatchObject({ prop });
  });

  test('fails when identityMapping is given beside a requestMapping', () => {
    expect(check({ ...createWithIdentity, identityMapping: [{ from: 'identity.tenantId', to: 'tenant_id' }] })[0]).toMatchObject({ prop: 'routes[0].identityMapping' });
  });
});

describe('internal fields', () => {
  const getWhole: TranslatorRoute = { ...getUser, responseMapping: [{ from: 'response.user', to: 'user' }] };

  test('fails when a mapping returns an internal field explicitly', () => {
    const problems = check({ ...getUser, responseMapping: [{ from: 'user.internal_notes', to: 'notes' }] }, { internalFields: ['users.v1.User.internal_notes'] });
    expect(problems).toEqual([expect.objectContaining({ prop: 'routes[0].responseMapping[0].from', problem: 'users.v1.User.internal_notes is internal: it never leaves the VPC' })]);
  });

  test('fails when a mapping returns a debug_redact field explicitly', () => {
    expect(check({ ...getUser, responseMapping: [{ from: 'user.secret_hash', to: 'h' }] })[0]).toMatchObject({ prop: 'routes[0].responseMapping[0].from' });
  });

  test('fails when responseBody names an internal field', () => {
    const route: TranslatorRoute = { method: 'GET', path: '/v1/users/{user_id}', grpcMethod: 'users.v1.UserService/GetUser', responseBody: 'user.secret_hash' };
    expect(check(route)[0]).toMatchObject({ prop: 'routes[0].responseBody' });
  });

  test('fails when an internal field does not exist', () => {
    expect(check(getUser, { internalFields: ['users.v1.User.nope'] })[0]).toMatchObject({ prop: 'internalFields[0]', received: 'users.v1.User.nope' });
  });

  test('a whole message holding internal fields is an exposure, found at any depth', () => {
    const config: TranslatorConfig = { version: 1, backend: { target: '127.0.0.1:50051' }, routes: [getWhole, { method: 'GET', path: '/v1/users/{user_id}', grpcMethod: 'users.v1.UserService/GetUser', responseBody: '*' }], internalFields: ['users.v1.User.internal_notes'] };
    expect(checkTranslatorConfig(config, root)).toEqual([]);
    expect(internalFieldExposures(config, root)).toEqual([
      { prop: 'routes[0].responseMapping[0]', message: 'users.v1.User', fields: ['users.v1.User.internal_notes', 'users.v1.User.secret_hash'] },
      { prop: 'routes[1].responseBody', message: 'users.v1.GetUserResponse', fields: ['users.v1.User.internal_notes', 'users.v1.User.secret_hash'] },
    ]);
  });

  test('fields mapped one by one are no exposure', () => {
    expect(internalFieldExposures({ version: 1, backend: { target: '127.0.0.1:50051' }, routes: [getUser] }, root)).toEqual([]);
  });
});
