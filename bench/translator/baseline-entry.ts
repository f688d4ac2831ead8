/**
 * The cold-init baseline: the parts of grpc-js and protobufjs the translator's bundle loads
 * (grpc-js's client half with the DNS and IP resolvers and both load-balancing policies,
 * protobufjs/light), bundled the same way, and nothing of the translator.
 */
import '@grpc/grpc-js/build/src/channel';
import { ChannelCredentials } from '@grpc/grpc-js/build/src/channel-credentials';
import { Client } from '@grpc/grpc-js/build/src/client';
import { setup as setupPickFirst } from '@grpc/grpc-js/build/src/load-balancer-pick-first';
import { setup as setupRoundRobin } from '@grpc/grpc-js/build/src/load-balancer-round-robin';
import { Metadata } from '@grpc/grpc-js/build/src/metadata';
import { setup as setupDnsResolver } from '@grpc/grpc-js/build/src/resolver-dns';
import { setup as setupIpResolver } from '@grpc/grpc-js/build/src/resolver-ip';
import { Root } from 'protobufjs/light';

setupDnsResolver();
setupIpResolver();
setupPickFirst();
setupRoundRobin();

export { ChannelCredentials, Client, Metadata, Root };
