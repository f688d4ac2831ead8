/**
 * The translator's own work per call, without the network: the handler's adapter and
 * translator (from source) over a caller that answers at once with the bytes the bench
 * server would send, against what a direct grpc-js client does with the same bytes
 * (proto-loader's request serializer and response deserializer). Prints, per case, the
 * CPU microseconds of each per call. For profiles (`node --cpu-prof`) and instruction counts
 * (valgrind's callgrind on a bundle of this file: run it with 0 and with N calls, the
 * difference over N is per call), where wall time on a busy machine says little.
 *
 * Usage: node --import tsx bench/translator/hot-path.ts [case] [calls] [side]
 */
import * as protoLoader from '@grpc/proto-loader';
import type { Type } from 'protobufjs';
import { Root } from 'protobufjs/light';
import { answerEvent } from '../../lambda/grpc-translator/adapter';
import { descriptorToShip } from '../../lambda/grpc-translator/prune-descriptor';
import { createTranslator } from '../../lambda/grpc-translator/translator';
import { compileProtos } from '../../lib/transform/proto-compiler';
import { CASES, INCLUDE_DIRS, PROTOBUFJS_INCLUDE, PROTO_FILES, benchConfig } from './cases';
import { ANSWERS } from './responses';

async function main(): Promise<void> {
  const [only, callsText, sideText] = process.argv.slice(2);
  const compiled = compileProtos(PROTO_FILES, INCLUDE_DIRS);
  if ('problem' in compiled) throw new Error(compiled.problem.message);
  const config = benchConfig('127.0.0.1:1');
  // As the handler gets it: the shipped descriptor, parsed from JSON.
  const root = Root.fromJSON(JSON.parse(JSON.stringify(descriptorToShip(compiled.root, config))));
  const definition = protoLoader.loadSync(PROTO_FILES, { includeDirs: [...INCLUDE_DIRS, PROTOBUFJS_INCLUDE], keepCase: false, longs: String, enums: String, defaults: false });
  for (const c of CASES) {
    if (only && only !== 'all' && c.name !== only) continue;
    const [service, name] = c.route.grpcMethod.split('/');
    const method = compiled.root.lookupService(service).methods[name];
    method.resolve();
    const req = method.resolvedRequestType as Type;
    const res = method.resolvedResponseType as Type;
    // The reply the server would send for the request the translator builds.
    const event = c.event();
    let reply: Buffer = Buffer.alloc(0);
    const translator = createTranslator(config, root, {
      caller: {
        call: async (_path, request) => {
          if (reply.length === 0) reply = Buffer.from(res.encode(res.fromObject(ANSWERS[c.route.grpcMethod](req.decode(request)))).finish());
          return reply;
        },
      },
    });
    let answerBytes = 0;
    const translated = async (): Promise<void> => {
      const result = await answerEvent(translator, event, 30_000);
      if (result.statusCode !== 200) throw new Error(`translator answered ${result.statusCode}: ${result.body}`);
      answerBytes = result.body.length;
    };
    await translated();
    const stub = (definition[service] as Record<string, protoLoader.MethodDefinition<object, object>>)[name];
    const direct = async (): Promise<void> => {
      stub.requestSerialize(c.direct.request);
      stub.responseDeserialize(reply);
    };
    const calls = callsText !== undefined ? Number(callsText) : c.calls;
    const line: Record<string, unknown> = { case: c.name, calls, replyBytes: reply.length, answerBytes };
    const sides = ([['translated', translated], ['direct', direct]] as const).filter(([side]) => !sideText || sideText === side);
    for (const [, fn] of sides) for (let i = 0; i < Math.min(calls, c.warmup); i++) await fn();
    // Alternating blocks, so that both sides see the same machine.
    const used: Record<string, number> = {};
    const block = Math.max(1, Math.ceil(calls / 20));
    for (let done = 0; done < calls; done += block) {
      for (const [side, fn] of sides) {
        const start = process.cpuUsage();
        for (let i = done; i < Math.min(calls, done + block); i++) await fn();
        const cpu = process.cpuUsage(start);
        used[side] = (used[side] ?? 0) + cpu.user + cpu.system;
      }
    }
    for (const [side] of sides) line[`${side}CpuUs`] = calls > 0 ? Math.round((used[side] / calls) * 10) / 10 : 0;
    console.log(JSON.stringify(line));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
