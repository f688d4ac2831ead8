/**
 * One side of the authorizer bench, in its own process (started by bench/authorizer.ts):
 *   authorizer-side.ts bare    N WARMUP TOKEN BARE_BUNDLE PUBLIC_JWK_JSON CONFIG_JSON   jose.jwtVerify(token, key, options)
 *   authorizer-side.ts handler N WARMUP TOKEN BUNDLE_PATH                              handler(REST REQUEST event)
 * The bare side's key is imported before timing and its options are the handler's own
 * (verifyOptionsOf(config)), so the two sides verify the same token with the same checks; its
 * jose is bench/authorizer-bare.ts bundled like the handler, so both run the same build of jose.
 * Times N calls after WARMUP untimed ones and sends {p50Us, p99Us, cpuUs} to the parent over IPC.
 */
import { performance } from 'perf_hooks';

const [side, n, warmup, token, arg, ...rest] = process.argv.slice(2);
const N = Number(n);
const WARMUP = Number(warmup);
/** Distinct events the handler side answers in turn. */
const EVENTS = 64;
const API_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4';

/** A REST REQUEST authorizer event for `POST /orders/{orderId}` called as /orders/42, as API Gateway sends it. */
function requestEvent(i: number) {
  return {
    type: 'REQUEST', methodArn: `${API_ARN}/prod/POST/orders/${i}`, resource: '/orders/{orderId}', path: `/orders/${i}`,
    httpMethod: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Host: 'api.example.com' },
    multiValueHeaders: null, pathParameters: { orderId: String(i) }, queryStringParameters: null,
    multiValueQueryStringParameters: null, stageVariables: null, requestContext: {},
  };
}

async function main(): Promise<void> {
  let call: (i: number) => Promise<unknown>;
  if (side === 'bare') {
    const [publicJwk, configJson] = rest;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bare = require(arg) as typeof import('./authorizer-bare');
    const key = await bare.importJWK(JSON.parse(publicJwk), 'RS256');
    const options = bare.verifyOptionsOf(JSON.parse(configJson));
    call = () => bare.jwtVerify(token, key, options);
  } else if (side === 'handler') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(arg);
    const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' };
    // The events are parsed from JSON before timing, as the Lambda runtime parses each event
    // before it calls the handler: flat strings, as JSON.parse makes them. A few distinct
    // events in turn rather than one per call, so the bench keeps no heap of thousands of
    // events alive that a Lambda process never holds (the authorizer keeps nothing per event).
    const events = Array.from({ length: EVENTS }, (_, i) => JSON.parse(JSON.stringify(requestEvent(i))));
    call = async (i) => {
      const response = await handler(events[i % EVENTS], context);
      if (response.policyDocument.Statement[0].Effect !== 'Allow') throw new Error(`the bench token was denied: ${JSON.stringify(response)}`);
    };
  } else {
    throw new Error(`unknown side ${side}`);
  }
  for (let i = 0; i < WARMUP; i++) await call(i);
  const times = new Float64Array(N);
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    await call(WARMUP + i);
    times[i] = (performance.now() - started) * 1000;
  }
  const cpu = process.cpuUsage(cpuBefore);
  times.sort();
  const at = (q: number) => Math.round(times[Math.min(N - 1, Math.floor(q * N))] * 10) / 10;
  // CPU time of the whole process (the libuv threads that verify signatures included) per call.
  process.send!({ p50Us: at(0.5), p99Us: at(0.99), cpuUs: Math.round(((cpu.user + cpu.system) / N) * 10) / 10 });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
