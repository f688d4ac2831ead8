import * as jose from 'jose';
import { createServer } from 'http';
import { mkdtempSync, writeFileSync } from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';
async function main() {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k', alg: 'RS256', use: 'sig' };
  const now = Math.floor(Date.now() / 1000);
  const token = await new jose.SignJWT({ iss: 'https://i/', aud: 'a', sub: 'u', iat: now, exp: now + 3600, tenant_id: 't', roles: ['reader', 'premium-tier'], tier: 'g', scope: 'orders:read' }).setProtectedHeader({ alg: 'RS256', kid: 'k', typ: 'JWT' }).sign(privateKey);
  const server = createServer((q, r) => r.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const url = `http://127.0.0.1:${(server.address() as any).port}/`;
  const config: any = { issuer: 'https://i/', audiences: ['a'], jwksUrl: url, clockSkewSeconds: 60, tenantIdClaim: 'tenant_id', rolesClaim: 'roles', tierClaim: 'tier', policyScope: 'STAGE', cacheKeyIncludesRoute: true, requiredScopes: ['orders:read'], routeRoles: { 'POST /orders/{orderId}': ['premium-tier'], 'DELETE /orders/{orderId}': ['admin'] } };
  const dir = mkdtempSync('/tmp/exp2-');
  buildSync({ entryPoints: [process.env.H ?? 'lambda/jwt-authorizer/handler.ts'], outfile: path.join(dir, 'index.js'), bundle: true, minify: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'warning' });
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const { handler } = require(path.join(dir, 'index.js'));
  const { verifyOptionsOf } = require(path.join(process.cwd(), 'lambda/jwt-authorizer/verify-token'));
  const opts = verifyOptionsOf(config);
  const key = await jose.importJWK(jwk, 'RS256');
  const { createKeySet } = require(path.join(process.cwd(), 'lambda/jwt-authorizer/key-set'));
  const ks = createKeySet(url, { timeoutMs: 3000, cooldownMs: 30000, cacheMaxAgeMs: 600000 });
  const API = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4';
  const ev = (i: number) => ({ type: 'REQUEST', methodArn: `${API}/prod/POST/orders/${i}`, resource: '/orders/{orderId}', path: `/orders/${i}`, httpMethod: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Host: 'api.example.com' }, requestContext: {} });
  const ctx = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' };
  const origLog = console.log;
  const sides: Record<string, (i: number) => Promise<unknown>> = {
    bare: () => jose.jwtVerify(token, key, opts),
    handler: (i) => handler(ev(i), ctx),
    keyset: () => jose.jwtVerify(token, ks, opts),
    trivialFn: () => jose.jwtVerify(token, () => key, opts),
    freshString: (i) => jose.jwtVerify(/^Bearer\s+(\S+)$/i.exec(`Bearer ${token}`.trim())![1], key, opts),
    //handlerNoLog: async (i) => { console.log = () => {}; const p = handler(ev(i), ctx); const r = await p; console.log = origLog; return r; },
  };
  const names = Object.keys(sides); const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < 1000; i++) for (const n of names) await sides[n](i);
  for (let i = 0; i < 6000; i++) for (const n of names) { const s = performance.now(); await sides[n](i); times[n].push((performance.now() - s) * 1000); }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
  const b = med(times.bare);
  process.stderr.write(names.map((n) => `${n} ${med(times[n]).toFixed(1)}us (${(med(times[n]) / b).toFixed(2)})`).join('  ') + '\n');
  server.close();
}
main();
