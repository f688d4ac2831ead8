/**
 * The benchmark's gRPC server, run in its own process so that neither client side shares a
 * CPU thread with it: every method of {@link ANSWERS}, each answer built and encoded per
 * call, as a service would. Prints its target on stdout as one JSON line, then serves until
 * killed.
 */
import * as grpc from '@grpc/grpc-js';
import type { Type } from 'protobufjs';
import { compileProtos } from '../../lib/transform/proto-compiler';
import { INCLUDE_DIRS, PROTO_FILES } from './cases';
import { ANSWERS } from './responses';

const compiled = compileProtos(PROTO_FILES, INCLUDE_DIRS);
if ('problem' in compiled) throw new Error(compiled.problem.message);

const services = new Map<string, { definition: Record<string, grpc.MethodDefinition<object, object>>; handlers: grpc.UntypedServiceImplementation }>();
for (const [grpcMethod, answer] of Object.entries(ANSWERS)) {
  const [service, name] = grpcMethod.split('/');
  const method = compiled.root.lookupService(service).methods[name];
  method.resolve();
  const req = method.resolvedRequestType as Type;
  const res = method.resolvedResponseType as Type;
  if (!services.has(service)) services.set(service, { definition: {}, handlers: {} });
  const s = services.get(service)!;
  s.definition[name] = {
    path: `/${grpcMethod}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: (v: object) => Buffer.from(req.encode(v).finish()),
    requestDeserialize: (b: Buffer) => req.decode(b),
    responseSerialize: (v: object) => Buffer.from(res.encode(res.fromObject(v)).finish()),
    responseDeserialize: (b: Buffer) => res.decode(b),
  };
  s.handlers[name] = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<object>) => callback(null, answer(call.request));
}

const server = new grpc.Server();
for (const { definition, handlers } of services.values()) server.addService(definition as grpc.ServiceDefinition, handlers);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(JSON.stringify({ target: `127.0.0.1:${port}` }) + '\n');
});
