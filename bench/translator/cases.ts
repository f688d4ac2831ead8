/**
 * The translator benchmark's cases, shared by the orchestrator (bench/translator.ts), the
 * gRPC server process and the two client sides: the route the translator is configured
 * with, the API Gateway event it receives, and the equivalent plain grpc-js call.
 */
import * as path from 'path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { TranslatorConfig, TranslatorRoute } from '../../lambda/grpc-translator/config';
import { FIXTURES, v2Event } from '../../test/lambda/grpc-translator/helpers';

export const BENCH_PROTOS = path.join(__dirname, 'protos');
export const PROTOBUFJS_INCLUDE = path.dirname(require.resolve('protobufjs/package.json'));

/** The .proto files of every case, as the construct's `protos` prop would name them. */
export const PROTO_FILES = [path.join(FIXTURES, 'users', 'v1', 'users.proto'), path.join(BENCH_PROTOS, 'bench', 'v1', 'bench.proto')];
export const INCLUDE_DIRS = [FIXTURES, BENCH_PROTOS];

/** Accounts in a `large` answer: about 250 KB of JSON. */
export const LARGE_PAGE = 1000;
/** Samples sent and answered in a `wide` call. */
export const WIDE_SAMPLES = 100;

/** One case: the translator route, its gateway event, and the same call made with grpc-js. */
export interface BenchCase {
  readonly name: string;
  /** Calls measured per side and round, and warm-up calls before them. */
  readonly calls: number;
  readonly warmup: number;
  readonly route: TranslatorRoute;
  /** An HTTP API (payload 2.0) event as the gateway sends it for this route. */
  event(): APIGatewayProxyEventV2;
  /** The grpc-js side: `package.Service`, method, and the request object (proto-loader, lowerCamel). */
  readonly direct: { readonly service: string; readonly method: string; readonly request: Record<string, unknown> };
}

const START = 1714557600;

/** A `bench.v1.Sample` in proto3 JSON (what a client POSTs) and as a grpc-js request object. */
function sample(i: number): { json: Record<string, unknown>; object: Record<string, unknown> } {
  const ts = (s: number, ms: number) => ({ json: new Date(s * 1000 + ms).toISOString(), object: { seconds: String(s), nanos: ms * 1_000_000 } });
  const started = ts(START + i * 60, 123);
  const ended = ts(START + i * 60 + 59, 987);
  const marks = [0, 1, 2].map((k) => ts(START + i * 60 + k * 20, k * 111));
  const counters = Array.from({ length: 8 }, (_, k) => String(9_007_199_254_740_993n + BigInt(i * 8 + k)));
  const levels = ['LEVEL_DEBUG', 'LEVEL_INFO', 'LEVEL_WARN', 'LEVEL_ERROR'];
  const common = {
    id: String(9_007_199_254_740_993n + BigInt(i)),
    sequence: String(18_000_000_000_000_000_000n + BigInt(i)),
    delta: String(-1_234_567_890_123n - BigInt(i)),
    checksum: String(18_446_744_073_709_551_615n - BigInt(i)),
    level: levels[i % 4],
    status: i % 2 === 0 ? 'STATUS_ACTIVE' : 'STATUS_SUSPENDED',
    counters,
    history: [levels[(i + 1) % 4], levels[(i + 2) % 4], levels[(i + 3) % 4], levels[i % 4]],
  };
  return {
    json: { ...common, startedAt: started.json, endedAt: ended.json, marks: marks.map((m) => m.json) },
    object: { ...common, startedAt: started.object, endedAt: ended.object, marks: marks.map((m) => m.object) },
  };
}

const samples = Array.from({ length: WIDE_SAMPLES }, (_, i) => sample(i));

export const CASES: readonly BenchCase[] = [
  {
    // Today's case: the reference GetUser route, three mapped fields of a small message.
    name: 'small',
    calls: 3000,
    warmup: 500,
    route: {
      method: 'GET',
      path: '/api/v1/users/{userId}',
      grpcMethod: 'users.v1.UserService/GetUser',
      requestMapping: [{ from: 'path.userId', to: 'request.user_id' }],
      responseMapping: [
        { from: 'response.user.id', to: 'id' },
        { from: 'response.user.email', to: 'email' },
        { from: 'response.user.created_at', to: 'createdAt', transform: 'timestampToISO' },
      ],
    },
    event: () => v2Event({ method: 'GET', path: '/api/v1/users/u-42', routeKey: 'GET /api/v1/users/{userId}', pathParameters: { userId: 'u-42' } }),
    direct: { service: 'users.v1.UserService', method: 'GetUser', request: { userId: 'u-42' } },
  },
  {
    // A page of 1000 sub-messages returned whole (automatic route, page size from the query).
    name: 'large',
    calls: 200,
    warmup: 40,
    route: { method: 'GET', path: '/api/v1/accounts', grpcMethod: 'bench.v1.BenchService/ListAccounts', responseBody: '*' },
    event: () => v2Event({ method: 'GET', path: '/api/v1/accounts', routeKey: 'GET /api/v1/accounts', query: `page_size=${LARGE_PAGE}` }),
    direct: { service: 'bench.v1.BenchService', method: 'ListAccounts', request: { pageSize: LARGE_PAGE } },
  },
  {
    // Records heavy in int64, enums and Timestamps, sent in the body and answered whole.
    name: 'wide',
    calls: 600,
    warmup: 100,
    route: { method: 'POST', path: '/api/v1/samples', grpcMethod: 'bench.v1.BenchService/RecordSamples', body: '*', responseBody: '*' },
    event: () => v2Event({ method: 'POST', path: '/api/v1/samples', routeKey: 'POST /api/v1/samples', body: { series: 'cpu', samples: samples.map((s) => s.json) } }),
    direct: { service: 'bench.v1.BenchService', method: 'RecordSamples', request: { series: 'cpu', samples: samples.map((s) => s.object) } },
  },
];

/** One translator for every case, as one `GrpcTranslator` with these routes would ship it. */
export function benchConfig(target: string): TranslatorConfig {
  return {
    version: 1,
    backend: { target, loadBalancing: 'round_robin' as TranslatorConfig['backend']['loadBalancing'] },
    descriptorFile: 'descriptor.json',
    routes: CASES.map((c) => c.route),
    maxRequestBytes: 1_048_576,
    unknownQueryParameters: 'ignore' as TranslatorConfig['unknownQueryParameters'],
    deadlineMarginMs: 250,
    defaultTimeoutMs: 5000,
  };
}

export function caseNamed(name: string): BenchCase {
  const found = CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no bench case ${name}`);
  return found;
}
