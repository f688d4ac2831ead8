import { readFileSync } from 'fs';
import * as path from 'path';
import { App, Duration, Lazy, Size, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Authorization } from '../../lib/auth/authorization';
import { JwtAuthorizerFunction } from '../../lib/auth/jwt-authorizer-function';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { Route } from '../../lib/routes/route';
import { GrpcDiscovery, GrpcServiceBackend, IGrpcServiceBackend } from '../../lib/backends/grpc-service-backend';
import { TopologyValidationError } from '../../lib/errors';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTargetType } from '../../lib/routes/route-target';
import { FieldTransform, GrpcTranslator, GrpcTranslatorProps, GrpcTranslatorRoute, UnknownQueryParameters } from '../../lib/transform/grpc-translator';
import { checkedApp, synthChecked } from '../helpers/checked-app';

const FIXTURES = path.join(__dirname, 'fixtures');
const USERS_PROTO = path.join(FIXTURES, 'users', 'v1', 'users.proto');
const PROTOS = { files: [USERS_PROTO], includeDirs: [FIXTURES] };
const ENV = { account: '123456789012', region: 'eu-west-1' };

/** The reference routes of the issue: GetUser with an ISO-8601 createdAt, CreateUser with a schema and the tenant from identity. */
const GET_USER: GrpcTranslatorRoute = {
  method: HttpMethod.GET,
  path: '/api/v1/users/{userId}',
  grpcMethod: 'users.v1.UserService/GetUser',
  requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
  responseMapping: [
    { from: 'response.user.id', to: 'id' },
    { from: 'response.user.email', to: 'email' },
    { from: 'response.user.created_at', to: 'createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
  ],
};
const CREATE_USER: GrpcTranslatorRoute = {
  method: HttpMethod.POST,
  path: '/api/v1/users',
  grpcMethod: 'users.v1.UserService/CreateUser',
  requestSchema: {
    type: 'object',
    required: ['email', 'name'],
    properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 1 } },
  },
  requestMapping: [
    { from: 'body.email', to: 'request.email' },
    { from: 'body.name', to: 'request.name' },
    { from: 'identity.tenantId', to: 'request.tenant_id' },
  ],
  responseMapping: [
    { from: 'response.user.id', to: 'user.id' },
    { from: 'response.user.email', to: 'user.email' },
    { from: 'response.user.name', to: 'user.name' },
    { from: 'response.created', to: 'created' },
  ],
  successStatus: 201,
};

function fixture(app: App = new App()) {
  const stack = new Stack(app, 'Stack', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const backend = new GrpcServiceBackend(stack, 'Users', { vpc, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/users-grpc:1.0.0') });
  return { app, stack, vpc, backend };
}

function build(extra: Partial<GrpcTranslatorProps> = {}, f = fixture()) {
  const translator = new GrpcTranslator(f.stack, 'Translator', { vpc: f.vpc, backend: f.backend, protos: PROTOS, routes: [GET_USER, CREATE_USER], ...extra });
  return { ...f, translator, template: () => Template.fromStack(f.stack) };
}

function route(overrides: Partial<GrpcTranslatorRoute>): GrpcTranslatorRoute {
  return { ...GET_USER, ...overrides };
}

function expectInvalid(fn: () => unknown, prop: string, problem: RegExp): TopologyValidationError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TopologyValidationError);
  const err = error as TopologyValidationError;
  expect(err.prop).toBe(prop);
  expect(err.message).toContain('Stack/Translator');
  expect(err.message).toMatch(problem);
  expect(err.message).toContain('Fix:');
  return err;
}

/** The files of the function's staged asset in a synthesized assembly. */
function stagedAsset(app: App, stack: Stack, file: string): string {
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const fn = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description?.startsWith('Translates'));
  // The staged folder is named after the asset hash, which is the S3 key without ".zip".
  const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
  return readFileSync(path.join(assembly.directory, `asset.${hash}`, file), 'utf8');
}

describe('GrpcTranslator function', () => {
  test('runs a Node.js 22-or-newer runtime with active tracing, arm64 and the pre-built handler', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    const fn = Object.values(template().findResources('AWS::Lambda::Function')).map((r) => r.Properties)
      .find((p) => p.Description?.startsWith('Translates'))!;
    const version = Number(/^nodejs(\d+)\.x$/.exec(fn.Runtime)?.[1]);
    expect(version).toBeGreaterThanOrEqual(22);
    expect(fn).toMatchObject({ Handler: 'index.handler', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, MemorySize: 512, Timeout: 15 });
  });

  test('takes memory, timeout, architecture and log retention', () => {
    // GIVEN / WHEN
    const { template } = build({ memorySize: 1024, timeout: Duration.seconds(20), architecture: lambda.Architecture.X86_64, logRetention: logs.RetentionDays.ONE_WEEK });
    // THEN
    template().hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Timeout: 20, Architectures: ['x86_64'] });
    template().hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('accepts tokens where durations and sizes are checked', () => {
    // GIVEN
    const lazySeconds = Lazy.number({ produce: () => 20 });
    // WHEN / THEN
    expect(() => build({ timeout: Duration.seconds(lazySeconds), routes: [{ ...GET_USER, timeout: Duration.seconds(30) }] })).not.toThrow();
  });

  test('runs in the private subnets of the VPC', () => {
    // GIVEN / WHEN
    const { template, vpc, stack } = build();
    // THEN
    const privateIds = vpc.privateSubnets.map((s) => stack.resolve(s.subnetId));
    template().hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: privateIds, SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^TranslatorSecurityGroup'), 'GroupId'] }] },
    });
  });

  test('logs to its own log group with a retention', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    const logGroup = Object.entries(template().findResources('AWS::Logs::LogGroup')).find(([id]) => id.startsWith('TranslatorLogGroup'))![1];
    expect(logGroup.Properties.RetentionInDays).toBe(90);
    template().hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^TranslatorLogGroup') } },
    });
  });

  test('its role writes only to its log group and uses no managed policy or wildcard action', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    const role = Object.entries(template().findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('TranslatorServiceRole'))![1];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.entries(template().findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('TranslatorServiceRole'));
    const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => [].concat(s.Action));
    expect(actions.every((a: string) => !a.includes('*'))).toBe(true);
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TranslatorLogGroup/), 'Arn'] },
    }));
  });
});

describe('GrpcTranslator network', () => {
  test('its security group has one egress rule: to the backend tasks on the gRPC port', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    const sg = Object.entries(template().findResources('AWS::EC2::SecurityGroup')).find(([id]) => id.startsWith('TranslatorSecurityGroup'))![1];
    expect(sg.Properties.SecurityGroupEgress ?? []).not.toContainEqual(expect.objectContaining({ CidrIp: '0.0.0.0/0' }));
    const egress = Object.values(template().findResources('AWS::EC2::SecurityGroupEgress'))
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes('TranslatorSecurityGroup'));
    expect(egress).toEqual([expect.objectContaining({
      IpProtocol: 'tcp', FromPort: 50051, ToPort: 50051,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^UsersServiceSecurityGroup/), 'GroupId'] },
    })]);
  });

  test('the backend admits the translator on the gRPC port', () => {
    // GIVEN / WHEN
    const { template } = build();
    // THEN
    template().hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp', FromPort: 50051, ToPort: 50051,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^UsersServiceSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TranslatorSecurityGroup'), 'GroupId'] },
    });
  });

  test('reaches an ALB backend only on its HTTPS listener port, over TLS', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc');
    const backend = new GrpcServiceBackend(stack, 'Users', {
      vpc, image: ecs.ContainerImage.fromRegistry('x'),
      discovery: GrpcDiscovery.internalAlb({ certificate, domainName: 'users.grpc.example.internal' }),
    });
    // WHEN
    const translator = new GrpcTranslator(stack, 'Translator', { vpc, backend, protos: PROTOS, routes: [GET_USER] });
    // THEN
    const egress = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupEgress'))
      .map((r) => r.Properties).filter((p) => JSON.stringify(p.GroupId).includes('TranslatorSecurityGroup'));
    expect(egress).toEqual([expect.objectContaining({
      FromPort: 443, ToPort: 443,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^UsersLoadBalancerSecurityGroup/), 'GroupId'] },
    })]);
    expect(translator.config.backend).toEqual({ target: 'dns:///users.grpc.example.internal:443', tls: {}, loadBalancing: 'round_robin' });
  });

  test('reaches an imported backend by IP only at that address and port', () => {
    // GIVEN
    const f = fixture();
    const backend: IGrpcServiceBackend = GrpcServiceBackend.fromGrpcServiceBackendAttributes(f.stack, 'Legacy', { vpc: f.vpc, host: '10.0.12.7', port: 9000 });
    // WHEN
    const { translator, template } = build({ backend, routes: [GET_USER] }, f);
    // THEN
    expect(translator.config.backend.target).toBe('10.0.12.7:9000');
    template().hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('gRPC translator'),
      SecurityGroupEgress: [{ CidrIp: '10.0.12.7/32', IpProtocol: 'tcp', FromPort: 9000, ToPort: 9000, Description: Match.anyValue() }],
    });
  });

  test('ships the CA certificates of a TLS backend in the asset', () => {
    // GIVEN
    const f = fixture();
    const backend = GrpcServiceBackend.fromGrpcServiceBackendAttributes(f.stack, 'Tls', {
      vpc: f.vpc, host: 'users.example.internal', port: 443, tls: true, tlsServerName: 'users.internal',
    });
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    // WHEN
    const { translator, app, stack } = build({ backend, routes: [GET_USER], backendCaCertificatesPem: pem }, f);
    // THEN
    expect(translator.config.backend.tls).toEqual({ serverNameOverride: 'users.internal', caFile: 'backend-ca.pem' });
    expect(stagedAsset(app, stack, 'backend-ca.pem')).toBe(pem);
  });
});

describe('GrpcTranslator configuration asset', () => {
  test('ships config.json with the backend target, the routes and the options', () => {
    // GIVEN
    const f = fixture();
    // WHEN
    build({
      maxRequestSize: Size.kibibytes(64),
      unknownQueryParameters: UnknownQueryParameters.REJECT,
      defaultCallTimeout: Duration.seconds(3),
      deadlineMargin: Duration.millis(500),
    }, f);
    // THEN
    const config = JSON.parse(stagedAsset(f.app, f.stack, 'config.json'));
    expect(config).toMatchObject({
      version: 1,
      backend: { target: 'dns:///users.grpc.internal:50051', loadBalancing: 'round_robin' },
      descriptorFile: 'descriptor.json',
      maxRequestBytes: 65536,
      unknownQueryParameters: 'reject',
      defaultTimeoutMs: 3000,
      deadlineMarginMs: 500,
    });
    expect(config.routes).toEqual([
      {
        method: 'GET', path: '/api/v1/users/{userId}', grpcMethod: 'users.v1.UserService/GetUser',
        requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
        responseMapping: [
          { from: 'response.user.id', to: 'id' },
          { from: 'response.user.email', to: 'email' },
          { from: 'response.user.created_at', to: 'createdAt', transform: 'timestampToISO' },
        ],
      },
      expect.objectContaining({
        method: 'POST', path: '/api/v1/users', grpcMethod: 'users.v1.UserService/CreateUser', successStatus: 201,
        requestSchema: expect.objectContaining({ required: ['email', 'name'] }),
        requestMapping: expect.arrayContaining([{ from: 'identity.tenantId', to: 'request.tenant_id' }]),
      }),
    ]);
  });

  test('never maps the internal notes of the reference example', () => {
    // GIVEN
    const f = fixture();
    // WHEN
    build({}, f);
    // THEN
    expect(stagedAsset(f.app, f.stack, 'config.json')).not.toContain('internal_notes');
  });

  test('ships the descriptor pruned to the routed methods and the types they reach', () => {
    // GIVEN
    const f = fixture();
    // WHEN
    const { translator } = build({}, f);
    // THEN
    const descriptor = JSON.parse(stagedAsset(f.app, f.stack, 'descriptor.json'));
    expect(descriptor).toEqual(translator.descriptor);
    const users = descriptor.nested.users.nested.v1.nested;
    expect(Object.keys(users.UserService.methods)).toEqual(['GetUser', 'CreateUser']);
    expect(users.User.fields.created_at).toEqual({ type: 'google.protobuf.Timestamp', id: 5 });
    expect(users.ListUsersRequest).toBeUndefined();
    expect(descriptor.nested.google.nested.protobuf.nested.Timestamp).toBeDefined();
    // The annotations' import, which no route reaches.
    expect(descriptor.nested.google.nested.protobuf.nested.FileDescriptorProto).toBeUndefined();
  });

  test('ships the pre-built handler bundle beside the configuration', () => {
    // GIVEN
    const f = fixture();
    // WHEN
    build({}, f);
    // THEN
    expect(stagedAsset(f.app, f.stack, 'index.js').length).toBeGreaterThan(0);
  });

  test('automatic mode derives the routes from google.api.http annotations', () => {
    // GIVEN / WHEN
    const { translator } = build({ routes: undefined, automatic: true });
    // THEN
    expect(translator.config.routes.map((r) => `${r.method} ${r.path} ${r.grpcMethod} ${r.body ?? ''}`)).toEqual([
      'GET /v1/users/{user_id} users.v1.UserService/GetUser ',
      'POST /v1/users users.v1.UserService/CreateUser *',
      'GET /v1/users users.v1.UserService/ListUsers ',
    ]);
  });

  test('automatic routes and declared routes combine', () => {
    // GIVEN / WHEN
    const { translator } = build({ automatic: true, automaticServices: ['users.v1.UserService'], routes: [GET_USER] });
    // THEN
    expect(translator.config.routes).toHaveLength(4);
    expect(translator.config.routes[3].path).toBe('/api/v1/users/{userId}');
  });
});

describe('GrpcTranslator deadlines', () => {
  test('ships defaultCallTimeout and each route timeout in config.json, and automatic routes use the default', () => {
    // GIVEN
    const f = fixture();
    // WHEN
    build({ automatic: true, defaultCallTimeout: Duration.millis(1500), routes: [route({ path: '/api/v1/slow/{userId}', timeout: Duration.seconds(8) })] }, f);
    // THEN
    const config = JSON.parse(stagedAsset(f.app, f.stack, 'config.json'));
    expect(config.defaultTimeoutMs).toBe(1500);
    expect(config.routes.find((r: { path: string }) => r.path === '/api/v1/slow/{userId}').timeoutMs).toBe(8000);
    expect(config.routes.filter((r: { timeoutMs?: number }) => r.timeoutMs === undefined)).toHaveLength(3);
  });
});

describe('GrpcTranslator identity on automatic routes', () => {
  test('automaticIdentity binds the identity on every automatic route whose request has the field', () => {
    // WHEN
    const { translator } = build({ routes: undefined, automatic: true, automaticIdentity: [{ from: 'identity.tenantId', to: 'tenant_id' }] });
    // THEN
    const byPath = Object.fromEntries(translator.config.routes.map((r) => [`${r.method} ${r.path}`, r.identityMapping]));
    expect(byPath['POST /v1/users']).toEqual([{ from: 'identity.tenantId', to: 'tenant_id' }]);
    expect(byPath['GET /v1/users/{user_id}']).toBeUndefined();
  });

  test('a route\'s own identityMapping is kept', () => {
    const own: GrpcTranslatorRoute = { method: HttpMethod.POST, path: '/v2/users', grpcMethod: 'users.v1.UserService/CreateUser', body: '*', identityMapping: [{ from: 'identity.org', to: 'tenant_id' }] };
    const { translator } = build({ automatic: true, routes: [own], automaticIdentity: [{ from: 'identity.tenantId', to: 'tenant_id' }] });
    const byPath = Object.fromEntries(translator.config.routes.map((r) => [`${r.method} ${r.path}`, r.identityMapping]));
    expect(byPath['POST /v2/users']).toEqual([{ from: 'identity.org', to: 'tenant_id' }]);
    expect(byPath['POST /v1/users']).toEqual([{ from: 'identity.tenantId', to: 'tenant_id' }]);
  });

  test('fails when an automaticIdentity binding fits no automatic route', () => {
    expectInvalid(() => build({ routes: undefined, automatic: true, automaticIdentity: [{ from: 'identity.tenantId', to: 'tenant' }] }), 'automaticIdentity[0]', /no automatic route's request message has the field "tenant"/);
  });

  test('fails when a header mapping fills a field the identity fills elsewhere', () => {
    const fromHeader = route({
      method: HttpMethod.POST, path: '/api/v1/tenant-users', grpcMethod: 'users.v1.UserService/CreateUser',
      requestMapping: [{ from: 'header.x-tenant-id', to: 'tenant_id' }], responseMapping: [{ from: 'created', to: 'created' }],
    });
    expectInvalid(() => build({ routes: [GET_USER, CREATE_USER, fromHeader] }), 'routes[2].requestMapping[0].from', /users\.v1\.CreateUserRequest\.tenant_id is an identity field/);
  });

  test('fails when a header mapping fills a field automaticIdentity binds', () => {
    const fromHeader = route({
      method: HttpMethod.POST, path: '/api/v1/tenant-users', grpcMethod: 'users.v1.UserService/CreateUser',
      requestMapping: [{ from: 'header.x-tenant-id', to: 'tenant_id' }], responseMapping: [{ from: 'created', to: 'created' }],
    });
    expectInvalid(() => build({ automatic: true, routes: [fromHeader], automaticIdentity: [{ from: 'identity.tenantId', to: 'tenant_id' }] }), 'routes[0].requestMapping[0].from', /identity field/);
  });
});

describe('GrpcTranslator internal fields', () => {
  const WHOLE_USER = route({ method: HttpMethod.GET, path: '/api/v1/whole/{userId}', responseMapping: [{ from: 'response.user', to: 'user' }] });

  test('warns when a route returns a whole message that holds an internal field', () => {
    // WHEN
    const { stack } = build({ routes: [GET_USER, WHOLE_USER], internalFields: ['users.v1.User.internal_notes'] });
    // THEN
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Translator', Match.stringLikeRegexp('internal'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/routes\[1\]\.responseMapping\[0\] returns the whole users\.v1\.User, which holds internal users\.v1\.User\.internal_notes/);
    expect(warnings[0].entry.data).toContain('cdk-gateway-topology:translator-internal-field');
  });

  test('warns about automatic routes, which return whole messages', () => {
    const { stack } = build({ routes: undefined, automatic: true, internalFields: ['users.v1.User.internal_notes'] });
    expect(Annotations.fromStack(stack).findWarning('/Stack/Translator', Match.stringLikeRegexp('holds internal'))).toHaveLength(3);
  });

  test('does not warn when the fields are mapped one by one', () => {
    const { stack } = build({ internalFields: ['users.v1.User.internal_notes'] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('holds internal'))).toHaveLength(0);
  });

  test('ships internalFields in config.json', () => {
    const f = fixture();
    build({ internalFields: ['users.v1.User.internal_notes'] }, f);
    expect(JSON.parse(stagedAsset(f.app, f.stack, 'config.json')).internalFields).toEqual(['users.v1.User.internal_notes']);
  });

  test('fails when a mapping returns an internal field', () => {
    const leaking = route({ responseMapping: [{ from: 'response.user.internal_notes', to: 'notes' }] });
    expectInvalid(() => build({ routes: [leaking], internalFields: ['users.v1.User.internal_notes'] }), 'routes[0].responseMapping[0].from', /internal: it never leaves the VPC/);
  });

  test('fails when an internal field is not in the protos', () => {
    expectInvalid(() => build({ internalFields: ['users.v1.User.notes'] }), 'internalFields[0]', /no such field/);
  });
});

describe('GrpcTranslator Any payload types', () => {
  // The handler's fixtures: Echo's users.v1.Everything holds a google.protobuf.Any.
  const ANY_FIXTURES = path.join(__dirname, '..', 'lambda', 'grpc-translator', 'fixtures');
  const ANY_PROTOS = { files: [path.join(ANY_FIXTURES, 'users', 'v1', 'users.proto')], includeDirs: [ANY_FIXTURES] };
  const ECHO: GrpcTranslatorRoute = { method: HttpMethod.POST, path: '/echo', grpcMethod: 'users.v1.UserService/Echo', body: '*', responseBody: '*' };
  const GET: GrpcTranslatorRoute = { method: HttpMethod.GET, path: '/users/{user_id}', grpcMethod: 'users.v1.UserService/GetUser', responseBody: '*' };
  const typesOf = (descriptor: { [key: string]: unknown }): string[] => Object.keys((descriptor as any).nested.users.nested.v1.nested).sort();

  test('routes that reach an Any ship every message type of the compiled protos by default', () => {
    // GIVEN / WHEN
    const { translator } = build({ protos: ANY_PROTOS, routes: [ECHO] });
    // THEN a type no field reaches can still travel in the Any
    expect(typesOf(translator.descriptor)).toEqual(expect.arrayContaining(['CreateUserRequest', 'Filter', 'User', 'Everything']));
    expect(Object.keys((translator.descriptor as any).nested.users.nested.v1.nested.UserService.methods)).toEqual(['Echo']);
  });

  test('anyMessageTypes narrows the shipped types to the routes\' and the listed ones', () => {
    // GIVEN / WHEN
    const { translator } = build({ protos: ANY_PROTOS, routes: [ECHO], anyMessageTypes: ['users.v1.User'] });
    // THEN
    expect(typesOf(translator.descriptor)).toEqual(['Everything', 'Filter', 'User', 'UserService', 'UserStatus']);
    expect((translator.descriptor as any).nested.google.nested.protobuf.nested.FileDescriptorProto).toBeUndefined();
  });

  test('an empty anyMessageTypes ships only what the routes reach', () => {
    const { translator } = build({ protos: ANY_PROTOS, routes: [ECHO], anyMessageTypes: [] });
    expect(typesOf(translator.descriptor)).toEqual(['Everything', 'Filter', 'UserService', 'UserStatus']);
  });

  test('routes that reach no Any ship only what they reach', () => {
    const { translator } = build({ protos: ANY_PROTOS, routes: [GET] });
    expect(typesOf(translator.descriptor)).toEqual(['GetUserRequest', 'GetUserResponse', 'User', 'UserService', 'UserStatus']);
  });

  test('fails when anyMessageTypes names no message of the compiled protos', () => {
    expectInvalid(() => build({ protos: ANY_PROTOS, routes: [ECHO], anyMessageTypes: ['users.v1.Nobody'] }), 'anyMessageTypes[0]', /no message of that name.*Fix:.*users\.v1\.User/s);
  });

  test('fails when anyMessageTypes names an enum', () => {
    expectInvalid(() => build({ protos: ANY_PROTOS, routes: [ECHO], anyMessageTypes: ['users.v1.UserStatus'] }), 'anyMessageTypes[0]', /is an enum/);
  });

  test('fails when anyMessageTypes holds a blank name, a repeat or is not a list', () => {
    expectInvalid(() => build({ protos: ANY_PROTOS, routes: [ECHO], anyMessageTypes: [' '] }), 'anyMessageTypes[0]', /non-empty string/);
    expectInvalid(() => build({ protos: ANY_PROTOS, routes: [ECHO], anyMessageTypes: ['users.v1.User', '.users.v1.User'] }), 'anyMessageTypes[1]', /listed twice/);
    expectInvalid(() => build({ protos: ANY_PROTOS, routes: [ECHO], anyMessageTypes: 'users.v1.User' as unknown as string[] }), 'anyMessageTypes', /list of names/);
  });

  test('fails when no route reaches an Any field', () => {
    expectInvalid(() => build({ protos: ANY_PROTOS, routes: [GET], anyMessageTypes: ['users.v1.User'] }), 'anyMessageTypes', /no route's request or response reaches a google\.protobuf\.Any/);
  });
});

describe('GrpcTranslator.routes()', () => {
  test('gives one Lambda route per translated route, described by its gRPC method', () => {
    // GIVEN
    const { translator } = build();
    // WHEN
    const routes = translator.routes();
    // THEN
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/users/{userId}', 'POST /api/v1/users']);
    for (const r of routes) {
      expect(r.target.type).toBe(RouteTargetType.LAMBDA);
      expect(r.target.function).toBe(translator.function);
    }
    expect(routes.map((r) => r.target.description)).toEqual(['grpc:users.v1.UserService/GetUser', 'grpc:users.v1.UserService/CreateUser']);
    expect(routes.map((r) => r.operationName)).toEqual(['GetUser', 'CreateUser']);
  });

  test('carries the request schema to the gateway route', () => {
    // GIVEN
    const { translator } = build();
    // WHEN
    const [get, post] = translator.routes();
    // THEN
    expect(get.requestSchema).toBeUndefined();
    expect(post.requestSchema).toEqual(CREATE_USER.requestSchema);
  });

  test('applies the options to routes that set none, and keeps a route\'s own authorization', () => {
    // GIVEN
    const own = Authorization.iam();
    const shared = Authorization.none('public directory');
    const { translator } = build({ routes: [{ ...GET_USER, authorization: own }, CREATE_USER] });
    // WHEN
    const routes = translator.routes({ authorization: shared, throttle: { rateLimit: 10, burstLimit: 20 }, integrationTimeout: Duration.seconds(10) });
    // THEN
    expect(routes[0].authorization).toBe(own);
    expect(routes[1].authorization).toBe(shared);
    expect(routes[1].throttle).toEqual({ rateLimit: 10, burstLimit: 20 });
    expect(routes[1].target.timeout?.toSeconds()).toBe(10);
  });

  test('turns google.api.http templates into gateway paths', () => {
    // GIVEN
    const { translator } = build({ routes: undefined, automatic: true });
    // WHEN
    const paths = translator.routes().map((r) => `${r.method} ${r.path}`);
    // THEN
    expect(paths).toEqual(['GET /v1/users/{user_id}', 'POST /v1/users', 'GET /v1/users']);
  });
});

describe('GrpcTranslator validation', () => {
  test('fails when a proto file does not parse, naming the file and the line', () => {
    const err = expectInvalid(
      () => build({ protos: { files: [path.join(FIXTURES, 'broken', 'syntax-error.proto')] } }),
      'protos.files', /syntax-error\.proto:7: illegal/,
    );
    expect(err.fix).toContain('line 7');
  });

  test('fails when a proto file refers to an unknown type', () => {
    expectInvalid(
      () => build({ protos: { files: [path.join(FIXTURES, 'broken', 'unknown-type.proto')] } }),
      'protos.files', /unknown-type\.proto: no such Type or Enum 'NoSuchType'/,
    );
  });

  test('fails when an import is not found in the include directories', () => {
    expectInvalid(() => build({ protos: { files: [USERS_PROTO] } }), 'protos.files', /import "users\/v1\/status\.proto" not found/);
  });

  test('fails when a proto file does not exist', () => {
    const err = expectInvalid(() => build({ protos: { files: [path.join(FIXTURES, 'missing.proto')] } }), 'protos.files[0]', /missing\.proto: file not found/);
    expect(err.fix).not.toContain('includeDirs');
  });

  test.each(['', '   '])('fails when a proto file name is %j, without blaming the include directories', (file) => {
    const err = expectInvalid(() => build({ protos: { files: [USERS_PROTO, file], includeDirs: [FIXTURES] } }), 'protos.files[1]', /a \.proto file name must not be empty/);
    expect(err.fix).not.toContain('includeDirs');
  });

  test('fails when a proto file name is not a string', () => {
    expectInvalid(() => build({ protos: { files: [null as unknown as string], includeDirs: [FIXTURES] } }), 'protos.files[0]', /a \.proto file name must be a string/);
  });

  test('fails when a proto file is a folder', () => {
    expectInvalid(() => build({ protos: { files: [FIXTURES], includeDirs: [FIXTURES] } }), 'protos.files[0]', /a folder, not a \.proto file/);
  });

  test.each([['', /must not be empty/], [path.join(FIXTURES, 'no-such-folder'), /no such folder/], [USERS_PROTO, /no such folder/]])(
    'fails when an include directory is %j', (dir, problem) => {
      expectInvalid(() => build({ protos: { files: [USERS_PROTO], includeDirs: [FIXTURES, dir] } }), 'protos.includeDirs[1]', problem);
    });

  test('fails when no proto file is given', () => {
    expectInvalid(() => build({ protos: { files: [] } }), 'protos.files', /needs the \.proto files/);
  });

  test('fails when a mapping names an unknown service', () => {
    expectInvalid(() => build({ routes: [route({ grpcMethod: 'users.v1.NoService/GetUser' })] }), 'routes[0].grpcMethod', /no service "users\.v1\.NoService"/);
  });

  test('fails when a mapping names an unknown method', () => {
    expectInvalid(() => build({ routes: [route({ grpcMethod: 'users.v1.UserService/DeleteUser' })] }), 'routes[0].grpcMethod', /has no method "DeleteUser"/);
  });

  test('fails when a request mapping names an unknown field', () => {
    expectInvalid(
      () => build({ routes: [route({ requestMapping: [{ from: 'path.userId', to: 'request.id' }] })] }),
      'routes[0].requestMapping[0].to', /id/,
    );
  });

  test('fails when a response mapping names an unknown field', () => {
    expectInvalid(
      () => build({ routes: [route({ responseMapping: [{ from: 'response.user.phone', to: 'phone' }] })] }),
      'routes[0].responseMapping[0].from', /phone/,
    );
  });

  test('fails when a transform is applied to a field of the wrong type', () => {
    expectInvalid(
      () => build({ routes: [route({ responseMapping: [{ from: 'response.user.email', to: 'email', transform: FieldTransform.TIMESTAMP_TO_ISO }] })] }),
      'routes[0].responseMapping[0].transform', /timestampToISO applies to google\.protobuf\.Timestamp.*"email" is string/,
    );
  });

  test('fails when two mappings fill one target field', () => {
    expectInvalid(
      () => build({ routes: [route({ requestMapping: [{ from: 'path.userId', to: 'user_id' }, { from: 'header.x-user', to: 'request.user_id' }] })] }),
      'routes[0].requestMapping[1].to', /requestMapping\[0\] already fills "user_id"/,
    );
  });

  test('fails when a path mapping names a parameter the path does not have', () => {
    expectInvalid(
      () => build({ routes: [route({ requestMapping: [{ from: 'path.id', to: 'user_id' }] })] }),
      'routes[0].requestMapping[0].from', /the path \/api\/v1\/users\/\{userId\} has no \{id\}/,
    );
  });

  test('names an automatic route in its error', () => {
    expectInvalid(
      () => build({ routes: undefined, automatic: true, automaticServices: ['users.v1.NoService'] }),
      'automaticServices[0]', /no service "users\.v1\.NoService"/,
    );
  });

  test('fails when there are no routes', () => {
    expectInvalid(() => build({ routes: [] }), 'routes', /no routes/);
  });

  test('fails when automaticServices is given without automatic mode', () => {
    expectInvalid(() => build({ automaticServices: ['users.v1.UserService'] }), 'automaticServices', /only applies in automatic mode/);
  });

  test('fails when a route path is not a gateway path', () => {
    expectInvalid(() => build({ routes: [route({ path: 'api/users' })] }), 'routes[0].path', /must start with "\/"/);
  });

  test('fails when a route uses ANY', () => {
    expectInvalid(() => build({ routes: [route({ method: HttpMethod.ANY })] }), 'routes[0].method', /one HTTP method/);
  });

  test('fails when a call timeout outlives the function', () => {
    expectInvalid(
      () => build({ routes: [route({ timeout: Duration.seconds(30) })], timeout: Duration.seconds(15) }),
      'routes[0].timeout', /could outlive the function/,
    );
  });

  test.each([127, 10241, 256.5, NaN])('fails when memorySize is %p', (memorySize) => {
    expectInvalid(() => build({ memorySize }), 'memorySize', /Lambda function memory size.*from 128 to 10240 MB.*API_CreateFunction\.html/);
  });

  test('accepts the edges of memorySize and a token', () => {
    expect(() => build({ memorySize: 128 })).not.toThrow();
    expect(() => build({ memorySize: 10240 })).not.toThrow();
    expect(() => build({ memorySize: Lazy.number({ produce: () => 1 }) })).not.toThrow();
  });

  test.each([[Duration.minutes(16), /at most 900 seconds/], [Duration.millis(15500), /whole number of seconds/]])(
    'fails when the function timeout is %s', (timeout, problem) => {
      expectInvalid(() => build({ timeout }), 'timeout', problem);
    });

  test('accepts a function timeout of 900 seconds', () => {
    expect(() => build({ timeout: Duration.seconds(900) })).not.toThrow();
  });

  test('fails when logRetention is not a value CloudWatch Logs takes', () => {
    expectInvalid(() => build({ logRetention: 2 as logs.RetentionDays }), 'logRetention', /1, 3, 5, 7, 14.*API_PutRetentionPolicy\.html/);
  });

  test('fails when the gateway would stop waiting before a call\'s deadline', () => {
    const { translator } = build({ routes: [route({ timeout: Duration.seconds(10) })] });
    expectInvalid(() => translator.routes({ integrationTimeout: Duration.seconds(10) }), 'routes[0].timeout', /gateway waits 10000 ms.*would answer 504/);
  });

  test('fails when the default integration timeout is shorter than a call\'s deadline', () => {
    const { translator } = build({ timeout: Duration.seconds(60), routes: [route({ timeout: Duration.seconds(29) })] });
    expectInvalid(() => translator.routes(), 'routes[0].timeout', /default integration timeout/);
  });

  test('accepts an integration timeout that covers the call and the margin, and a token', () => {
    const { translator } = build({ routes: [route({ timeout: Duration.millis(9750) })] });
    expect(() => translator.routes({ integrationTimeout: Duration.seconds(10) })).not.toThrow();
    expect(() => translator.routes({ integrationTimeout: Duration.seconds(Lazy.number({ produce: () => 1 })) })).not.toThrow();
  });

  test('fails when a value shipped in the configuration is a token', () => {
    expectInvalid(
      () => build({ routes: [route({ timeout: Duration.seconds(Lazy.number({ produce: () => 3 })) })] }),
      'routes[0].timeout', /only known at deploy time/,
    );
  });

  test('fails when the request limit exceeds Lambda\'s payload limit', () => {
    expectInvalid(() => build({ maxRequestSize: Size.mebibytes(10) }), 'maxRequestSize', /6 MB/);
  });

  test('fails when CA certificates are given for a plaintext backend', () => {
    expectInvalid(
      () => build({ backendCaCertificatesPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' }),
      'backendCaCertificatesPem', /plaintext/,
    );
  });

  test('fails when the backend target is only known at deploy time', () => {
    const f = fixture();
    const backend: IGrpcServiceBackend = Object.assign(Object.create(f.backend), { target: Lazy.string({ produce: () => 'dns:///x:1' }) });
    expectInvalid(() => build({ backend }, f), 'backend', /must be known at synth/);
  });

  test('fails when the VPC has no private subnets', () => {
    const f = fixture();
    const publicVpc = new ec2.Vpc(f.stack, 'PublicVpc', { subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    expectInvalid(() => build({ vpc: publicVpc }, f), 'vpc', /no private subnets/);
  });
});

describe('GrpcTranslator checked synth', () => {
  test.each([
    ['RestGateway', (stack: Stack, id: string, props: { routes: Route[]; defaultAuthorization: Authorization }) => new RestGateway(stack, id, props)],
    ['HttpGateway', (stack: Stack, id: string, props: { routes: Route[]; defaultAuthorization: Authorization }) => new HttpGateway(stack, id, props)],
  ])('its routes serve a %s that passes cdk-nag and cfn-lint', (_flavour, gateway) => {
    // GIVEN
    const app = checkedApp();
    const f = fixture(app);
    f.vpc.addFlowLog('FlowLog');
    const { translator } = build({}, f);
    const authorizer = new JwtAuthorizerFunction(f.stack, 'Authorizer', { issuer: 'https://auth.example.com/', audiences: ['users-api'] });
    // WHEN
    gateway(f.stack, 'Api', { routes: translator.routes(), defaultAuthorization: authorizer.authorization() });
    // THEN
    const assembly = synthChecked(app);
    const template = assembly.getStackByName('Stack').template;
    const functionId = f.stack.getLogicalId(translator.function.node.defaultChild as lambda.CfnFunction);
    const integrations = Object.values<any>(template.Resources)
      .filter((r) => ['AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Integration'].includes(r.Type))
      .map((r) => JSON.stringify(r.Properties))
      .filter((p) => p.includes(`"${functionId}","Arn"`));
    expect(integrations.length).toBeGreaterThan(0);
  });

  test('translator and backend pass cdk-nag and cfn-lint', () => {
    // GIVEN
    const app = checkedApp();
    const f = fixture(app);
    Validations.of(f.vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test VPC; flow logs are the application\'s concern.' });
    // WHEN
    build({}, f);
    // THEN
    expect(() => synthChecked(app)).not.toThrow();
  });
});
