/**
 * The gRPC side: one grpc-js client per backend target, reused across invocations of
 * the container, and a unary call over already-encoded bytes (the translator encodes
 * and decodes with the descriptor itself).
 */
import type { ChannelOptions } from '@grpc/grpc-js';
// The client half of grpc-js only: its index also loads the server, channelz and ORCA
// services, about 90 KB of the bundle and of every cold start, which the translator never uses.
// The channel module goes first: loaded before it, client.js meets a circular import half-done.
import '@grpc/grpc-js/build/src/channel';
import { ChannelCredentials } from '@grpc/grpc-js/build/src/channel-credentials';
import { Client } from '@grpc/grpc-js/build/src/client';
import { Status } from '@grpc/grpc-js/build/src/constants';
import { setup as setupPickFirst } from '@grpc/grpc-js/build/src/load-balancer-pick-first';
import { setup as setupRoundRobin } from '@grpc/grpc-js/build/src/load-balancer-round-robin';
import { Metadata } from '@grpc/grpc-js/build/src/metadata';
import { setup as setupDnsResolver } from '@grpc/grpc-js/build/src/resolver-dns';
import { setup as setupIpResolver } from '@grpc/grpc-js/build/src/resolver-ip';
import { LoadBalancing, TranslatorBackend } from './config';

// What the grpc-js index registers at load, for the targets and policies the translator uses.
setupDnsResolver();
setupIpResolver();
setupPickFirst();
setupRoundRobin();

/** A failed call: the gRPC status code and the backend's (or grpc-js's) message. */
export interface GrpcCallError {
  /** gRPC status code. */
  readonly code: number;
  /** The status message; may name addresses, never sent to clients as is. */
  readonly details: string;
  /** The `grpc-status-details-bin` trailer (a google.rpc.Status), when the backend sent one. */
  readonly statusDetails?: Buffer;
}

/** Makes unary calls over encoded messages; the seam between the translator and the network. */
export interface UnaryCaller {
  /**
   * Calls `path` (`/users.v1.UserService/GetUser`) with a deadline in epoch milliseconds,
   * sending `metadata` as request headers.
   */
  call(path: string, request: Uint8Array, deadline: number, metadata?: Readonly<Record<string, string>>): Promise<Buffer>;
}

const passThrough = (value: Buffer): Buffer => value;
const serialize = (value: Uint8Array): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength));

/** Channel options for a backend: client-side load balancing and quick reconnects. */
export function channelOptions(backend: TranslatorBackend): ChannelOptions {
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

const clients = new Map<string, Client>();

/**
 * The caller for a backend, created once per container and target. `caPem` is the
 * content of `tls.caFile`, read by the handler.
 */
export function callerFor(backend: TranslatorBackend, caPem?: Buffer): UnaryCaller {
  const key = JSON.stringify([backend.target, backend.tls ?? null, backend.loadBalancing ?? null]);
  let client = clients.get(key);
  if (!client) {
    const credentials = backend.tls ? ChannelCredentials.createSsl(caPem ?? null) : ChannelCredentials.createInsecure();
    client = new Client(backend.target, credentials, channelOptions(backend));
    clients.set(key, client);
  }
  return clientCaller(client);
}

/** A caller over an existing grpc-js client. */
export function clientCaller(client: Client): UnaryCaller {
  return {
    call(path, request, deadline, headers) {
      const metadata = new Metadata();
      if (headers) for (const key of Object.keys(headers)) metadata.set(key, headers[key]);
      return new Promise((resolve, reject) => {
        client.makeUnaryRequest(path, serialize, passThrough, request as Buffer, metadata, { deadline }, (error, value) => {
          if (error) {
            const details = error.metadata?.get('grpc-status-details-bin')[0];
            reject({ code: error.code ?? Status.UNKNOWN, details: error.details ?? '', ...(Buffer.isBuffer(details) ? { statusDetails: details } : {}) } satisfies GrpcCallError);
          } else resolve(value!);
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
