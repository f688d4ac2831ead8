import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import { TranslatorConfig } from '../../../lambda/grpc-translator/config';
import { requestFromEvent } from '../../../lambda/grpc-translator/events';
import { callerFor, closeAllClients } from '../../../lambda/grpc-translator/grpc-client';
import { createTranslator } from '../../../lambda/grpc-translator/translator';
import { TestServer, loadRoot, startServer, v2Event } from './helpers';

/** A throwaway CA and a server certificate for users.internal, as an internal ALB would present. */
function makeCertificates(): { ca: Buffer; key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'grpc-translator-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test-ca');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=users.internal');
  writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:users.internal\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
  const read = (name: string) => readFileSync(path.join(dir, name));
  return { ca: read('ca.pem'), key: read('server.key'), cert: read('server.pem') };
}

const root = loadRoot();
let server: TestServer;
let certificates: { ca: Buffer; key: Buffer; cert: Buffer };

beforeAll(async () => {
  certificates = makeCertificates();
  server = await startServer(root, 0, grpc.ServerCredentials.createSsl(null, [{ private_key: certificates.key, cert_chain: certificates.cert }]));
});

afterAll(async () => {
  closeAllClients();
  await server.stop();
});

function configFor(target: string, serverName: string): TranslatorConfig {
  return {
    version: 1,
    backend: { target, tls: { serverNameOverride: serverName, caFile: 'ca.pem' } },
    routes: [{ method: 'GET', path: '/users/{id}', grpcMethod: 'users.v1.UserService/GetUser', requestMapping: [{ from: 'path.id', to: 'user_id' }], responseMapping: [{ from: 'user.id', to: 'id' }] }],
  };
}

test('a TLS backend is reached with the given CA and server name', async () => {
  // GIVEN
  const config = configFor(server.target, 'users.internal');
  const translator = createTranslator(config, root, { caller: callerFor(config.backend, certificates.ca) });
  // WHEN
  const response = await translator.handle(requestFromEvent(v2Event({ method: 'GET', path: '/users/u-1' })), 10_000);
  // THEN
  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body)).toEqual({ id: 'u-1' });
});

test('a certificate that does not match the server name answers 503, never a success', async () => {
  const config = configFor(server.target, 'other.internal');
  const translator = createTranslator(config, root, { caller: callerFor(config.backend, certificates.ca) });
  const response = await translator.handle(requestFromEvent(v2Event({ method: 'GET', path: '/users/u-1' })), 10_000);
  expect(response.statusCode).toBe(503);
  expect(response.body).not.toContain(String(server.port));
});
