/**
 * The gRPC side: one grpc-js client per backend target, reused across invocations of
 * the container, and a unary call over already-encoded bytes (the translator encodes
 * and decodes with the descriptor itself).
 */
import * as grpc from '@grpc/grpc-js';
import { LoadBalancing, TranslatorBackend } from './config';

/** A failed call: the gRPC status code and the backend's (or grpc-js's) message. */
export interface GrpcCallError {
  /** gRPC status code. */
  readonly code: number;
  /** The status message; may name addresses, never sent to clients as is. */
  readonly details: string;
}

/** Makes unary calls over encoded messages; the seam between the translator and the network. */
export interface UnaryCaller {
  /** Calls `path` (`/users.v1.UserService/GetUser`) with a deadline in epoch milliseconds. */
  call(path: string, request: Uint8Array, deadline: number): Promise<Buffer>;
}

const passThrough = (value: Buffer): Buffer => value;
const serialize = (value: Uint8Array): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength));

/** Channel options for a backend: client-side load balancing and quick reconnects. */
export function channelOptions(backend: TranslatorBackend): grpc.ChannelOptions {
  const policy = backend.loadBalancing ?? LoadBalancing.ROUND_ROBIN;
  return {
    'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ [policy]: {} }] }),
    // A restarted task is back within seconds; the default 1 s → 120 s backoff would keep
    // a warm container failing long after the backend recovered.
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 2000,
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_timeout_ms': 5_000,
    ...(backend.tls?.serverNameOverride ? { 'grpc.ssl_target_name_override': backend.tls.serverNameOverride, 'grpc.default_authority': backend.tls.serverNameOverride } : {}),
  };
}

const clients = new Map<string, grpc.Client>();

/**
 * The caller for a backend, created once per container and target. `caPem` is the
 * content of `tls.caFile`, read by the handler.
 */
export function callerFor(backend: TranslatorBackend, caPem?: Buffer): UnaryCaller {
  const key = `${backend.target}|${backend.tls ? 'tls' : 'plain'}|${backend.loadBalancing ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    const credentials = backend.tls ? grpc.credentials.createSsl(caPem ?? null) : grpc.credentials.createInsecure();
    client = new grpc.Client(backend.target, credentials, channelOptions(backend));
    clients.set(key, client);
  }
  return clientCaller(client);
}

/** A caller over an existing grpc-js client. */
export function clientCaller(client: grpc.Client): UnaryCaller {
  const metadata = new grpc.Metadata();
  return {
    call(path, request, deadline) {
      return new Promise((resolve, reject) => {
        client.makeUnaryRequest(path, serialize, passThrough, request as Buffer, metadata, { deadline }, (error, value) => {
          if (error) reject({ code: error.code ?? grpc.status.UNKNOWN, details: error.details ?? '' } satisfies GrpcCallError);
          else resolve(value!);
        });
      });
    },
  };
}

/** Closes every cached client (tests and the benchmark, never the handler). */
export function closeAllClients(): void {
  for (const client of clients.values()) client.close();
  clients.clear();
}
