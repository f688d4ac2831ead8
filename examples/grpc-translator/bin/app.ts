#!/usr/bin/env node
// REST → gRPC: an HTTP API whose user routes are translated by a Lambda into calls on a gRPC
// user service on ECS Fargate, found through Cloud Map DNS. Synthesizes with no AWS account:
// `npx cdk synth` in this folder.
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  FieldTransform,
  GrpcDiscovery,
  GrpcServiceBackend,
  GrpcTranslator,
  HttpGateway,
  HttpMethod,
  JwtAuthorizerFunction,
} from 'cdk-gateway-topology';

const app = new App();
// The token issuer comes from context (-c issuer=https://...); the placeholder synthesizes.
const issuer: string = app.node.tryGetContext('issuer') ?? 'https://auth.example.com/';
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const stack = new Stack(app, 'GrpcTranslatorExample', {
  description: 'cdk-gateway-topology example: REST to gRPC through the translator',
});

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
vpc.addFlowLog('FlowLog');

const users = new GrpcServiceBackend(stack, 'UserService', {
  vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/example/user-service-grpc:1.0.0'),
  backendName: 'users',
  discovery: GrpcDiscovery.cloudMap(),
});

const protos = path.join(__dirname, '..', 'protos');
const translator = new GrpcTranslator(stack, 'UserTranslator', {
  vpc,
  backend: users,
  protos: { files: [path.join(protos, 'users', 'v1', 'users.proto')], includeDirs: [protos] },
  routes: [
    {
      method: HttpMethod.GET,
      path: '/api/v1/users/{userId}',
      grpcMethod: 'users.v1.UserService/GetUser',
      requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
      responseMapping: [
        { from: 'response.user.id', to: 'id' },
        { from: 'response.user.email', to: 'email' },
        { from: 'response.user.name', to: 'name' },
        { from: 'response.user.created_at', to: 'createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
        // response.user.internal_notes is not mapped, so it never leaves the VPC.
      ],
    },
    {
      method: HttpMethod.POST,
      path: '/api/v1/users',
      grpcMethod: 'users.v1.UserService/CreateUser',
      requestSchema: {
        type: 'object',
        required: ['email', 'name'],
        properties: {
          email: { type: 'string', format: 'email' },
          name: { type: 'string', minLength: 1 },
        },
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
        { from: 'response.user.created_at', to: 'user.createdAt', transform: FieldTransform.TIMESTAMP_TO_ISO },
        { from: 'response.created', to: 'created' },
      ],
      successStatus: 201,
    },
  ],
});

// The bundled JWT authorizer puts `tenantId` in the authorizer context, where the
// translator's `identity.tenantId` reads it; a client-sent header cannot supply it.
const authorizer = new JwtAuthorizerFunction(stack, 'Authorizer', {
  issuer,
  audiences: ['users-api'],
});

new HttpGateway(stack, 'Api', {
  apiName: 'users',
  routes: translator.routes(),
  defaultAuthorization: authorizer.authorization(),
});
