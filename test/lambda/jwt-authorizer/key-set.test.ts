jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import type { JWK } from 'jose';
import { createKeySet, KeySet, KeySetOptions } from '../../../lambda/jwt-authorizer/key-set';
import { verifyToken } from '../../../lambda/jwt-authorizer/verify-token';
import { signToken, testConfig, TestKey, testKey } from './fixtures';

/** A JWKS endpoint on loopback whose answer each test sets: a body, a status, or a delay. */
interface Issuer {
  url: string;
  body: unknown;
  status: number;
  delayMs: number;
  requests: number;
}

let rsa: TestKey;
let ec: TestKey;
let other: TestKey;
let issuer: Issuer;
let server: Server;
const config = testConfig();
const OPTIONS: KeySetOptions = { timeoutMs: 3000, cooldownMs: 30_000, cacheMaxAgeMs: 600_000 };

beforeAll(async () => {
  [rsa, ec, other] = await Promise.all([testKey('RS256', 'rsa-1'), testKey('ES256', 'ec-1'), testKey('RS256', 'rsa-2')]);
  issuer = { url: '', body: {}, status: 200, delayMs: 0, requests: 0 };
  server = createServer((_req, res) => {
    issuer.requests++;
    const answer = () => res.writeHead(issuer.status, { 'content-type': 'application/json' }).end(JSON.stringify(issuer.body));
    if (issuer.delayMs > 0) setTimeout(answer, issuer.delayMs); else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

beforeEach(() => {
  Object.assign(issuer, { body: { keys: [rsa.publicJwk, ec.publicJwk] }, status: 200, delayMs: 0, requests: 0 });
});

const publish = (...keys: JWK[]) => { issuer.body = { keys }; };
const verdict = async (keys: KeySet, token: string) => {
  const result = await verifyToken(token, keys, config);
  return result.ok ? 'ok' : result.reason;
};

describe('createKeySet', () => {
  test('verifies RS256 and ES256 tokens with one fetch, and returns the same imported key on every warm call', async () => {
    // GIVEN
    const keys = createKeySet(issuer.url, OPTIONS);
    // WHEN
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await verdict(keys, await signToken(i % 2 === 0 ? rsa : ec)));
    const header = { alg: 'RS256', kid: 'rsa-1' };
    const [first, second] = [await keys(header), await keys(header)];
    // THEN
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(issuer.requests).toBe(1);
    expect(keys.fetches()).toBe(1);
    expect(second).toBe(first);
    expect(first.type).toBe('public');
    // A warm lookup is the key itself, not a promise.
    expect(keys(header)).toBe(first);
  });

  test('concurrent first calls share one fetch', async () => {
    issuer.delayMs = 50;
    const keys = createKeySet(issuer.url, OPTIONS);
    const tokens = await Promise.all([rsa, ec, rsa, ec].map((k) => signToken(k)));
    const verdicts = await Promise.all(tokens.map((t) => verdict(keys, t)));
    expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(issuer.requests).toBe(1);
  });

  test('refuses a token whose kid the set lacks, refetching at most once per cooldown', async () => {
    // GIVEN a warm key set
    const keys = createKeySet(issuer.url, { ...OPTIONS, cooldownMs: 300 });
    expect(await verdict(keys, await signToken(rsa))).toBe('ok');
    // WHEN tokens with an unpublished kid arrive within the cooldown
    const strangers = [];
    for (let i = 0; i < 3; i++) strangers.push(await verdict(keys, await signToken(other)));
    // THEN they are refused without a fetch
    expect(strangers).toEqual(Array(3).fill(expect.stringContaining('ERR_JWKS_NO_MATCHING_KEY')));
    expect(issuer.requests).toBe(1);
    // WHEN the issuer publishes the key and the cooldown has passed
    publish(rsa.publicJwk, other.publicJwk);
    await new Promise((resolve) => setTimeout(resolve, 350));
    // THEN one refetch lets it in, and the next unknown kid within the cooldown fetches nothing
    expect(await verdict(keys, await signToken(other))).toBe('ok');
    expect(await verdict(keys, await signToken(rsa, { kid: 'made-up' }))).toContain('ERR_JWKS_NO_MATCHING_KEY');
    expect(issuer.requests).toBe(2);
  });

  test('refetches once the cache age has passed and stops trusting a withdrawn key', async () => {
    const keys = createKeySet(issuer.url, { ...OPTIONS, cooldownMs: 100, cacheMaxAgeMs: 200 });
    expect(await verdict(keys, await signToken(rsa))).toBe('ok');
    publish(other.publicJwk);
    expect(await verdict(keys, await signToken(rsa))).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await verdict(keys, await signToken(rsa))).toContain('ERR_JWKS_NO_MATCHING_KEY');
    expect(await verdict(keys, await signToken(other))).toBe('ok');
    expect(issuer.requests).toBe(2);
  });

  test('fails closed once the cached set has aged out and the issuer cannot be fetched', async () => {
    const keys = createKeySet(issuer.url, { ...OPTIONS, cooldownMs: 100, cacheMaxAgeMs: 100 });
    expect(await verdict(keys, await signToken(rsa))).toBe('ok');
    issuer.status = 503;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await verdict(keys, await signToken(rsa))).toBe('ERR_JOSE_GENERIC: Expected 200 OK from the JSON Web Key Set HTTP response');
    // The failure is not cached: the next call fetches again and succeeds.
    issuer.status = 200;
    expect(await verdict(keys, await signToken(rsa))).toBe('ok');
  });

  test('refuses every token when the JWKS times out or is malformed', async () => {
    issuer.delayMs = 300;
    expect(await verdict(createKeySet(issuer.url, { ...OPTIONS, timeoutMs: 50 }), await signToken(rsa))).toContain('ERR_JWKS_TIMEOUT');
    issuer.delayMs = 0;
    issuer.body = { keys: 'none' };
    expect(await verdict(createKeySet(issuer.url, OPTIONS), await signToken(rsa))).toBe('ERR_JWKS_INVALID: JSON Web Key Set malformed');
  });

  test('selects keys as jose does: key type and curve, alg, use, key_ops; never a private key', async () => {
    const token = await signToken(rsa);
    const tries = async (jwk: JWK) => {
      publish(jwk);
      return verdict(createKeySet(issuer.url, OPTIONS), token);
    };
    // The RSA key published as an EC key's kid, with another alg, for encryption, without verify.
    expect(await tries({ ...ec.publicJwk, kid: 'rsa-1' })).toContain('ERR_JWKS_NO_MATCHING_KEY');
    expect(await tries({ ...rsa.publicJwk, alg: 'RS512' })).toContain('ERR_JWKS_NO_MATCHING_KEY');
    expect(await tries({ ...rsa.publicJwk, use: 'enc' })).toContain('ERR_JWKS_NO_MATCHING_KEY');
    expect(await tries({ ...rsa.publicJwk, key_ops: ['encrypt'] })).toContain('ERR_JWKS_NO_MATCHING_KEY');
    // Without alg or use the key still verifies; with key_ops it must hold verify.
    const { alg: _alg, use: _use, ...bare } = rsa.publicJwk;
    expect(await tries(bare)).toBe('ok');
    expect(await tries({ ...rsa.publicJwk, key_ops: ['verify'] })).toBe('ok');
    // An EC key on another curve is no ES256 key.
    expect(await verdict(createKeySet(issuer.url, OPTIONS), await signToken(ec))).toContain('ERR_JWKS_NO_MATCHING_KEY');
  });

  test('refuses a token without a kid when several keys could verify it, and accepts it when one can', async () => {
    const keys = createKeySet(issuer.url, OPTIONS);
    publish(rsa.publicJwk, other.publicJwk);
    const header = { alg: 'RS256' };
    await expect(Promise.resolve().then(() => keys(header))).rejects.toMatchObject({ code: 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' });
    const single = createKeySet(issuer.url, OPTIONS);
    publish(rsa.publicJwk);
    const key = await single(header);
    expect(single(header)).toBe(key);
  });

  test('refuses a private key published in the set', async () => {
    const { exportJWK, generateKeyPair } = jest.requireMock('jose') as typeof import('jose');
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    publish({ ...(await exportJWK(privateKey)), kid: 'rsa-1', alg: 'RS256' });
    expect(await verdict(createKeySet(issuer.url, OPTIONS), await signToken(rsa))).toBe('ERR_JWKS_INVALID: JSON Web Key Set members must be public keys');
  });

  describe('cached: the key a warm set hands jwtVerify directly', () => {
    /** A token whose signature is never checked here: only its header selects a key. */
    const withHeader = (header: object) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.e30.c2ln`;

    test('knows no key before the first fetch, nor for a header that selects none', async () => {
      const keys = createKeySet(issuer.url, OPTIONS);
      const token = await signToken(rsa);
      expect(keys.cached(token)).toBeUndefined();
      expect(await verdict(keys, token)).toBe('ok');
      // Another kid, another algorithm for the same kid, a kid that is no string, a header that
      // is no JSON, a value with no header at all: none selects the imported key.
      expect(keys.cached(await signToken(other))).toBeUndefined();
      expect(keys.cached(withHeader({ alg: 'HS256', kid: 'rsa-1' }))).toBeUndefined();
      expect(keys.cached(withHeader({ alg: 'RS256', kid: ['rsa-1'] }))).toBeUndefined();
      expect(keys.cached(`${Buffer.from('{"alg":').toString('base64url')}.e30.c2ln`)).toBeUndefined();
      expect(keys.cached('.e30.c2ln')).toBeUndefined();
      expect(keys.cached('no-dots-at-all')).toBeUndefined();
      // Looking fetches nothing.
      expect(issuer.requests).toBe(1);
    });

    test('returns the imported key for every header that selects it, the same key the set resolves', async () => {
      const keys = createKeySet(issuer.url, OPTIONS);
      const token = await signToken(rsa);
      expect(await verdict(keys, token)).toBe('ok');
      const imported = keys({ alg: 'RS256', kid: 'rsa-1' });
      expect(keys.cached(token)).toBe(imported);
      // Another token with the same header, and a header written differently that selects the same key.
      expect(keys.cached(await signToken(rsa, { claims: { sub: 'user-2' } }))).toBe(imported);
      expect(keys.cached(withHeader({ kid: 'rsa-1', alg: 'RS256', extra: 1 }))).toBe(imported);
      // jose parses the header itself: a duplicated member is read as JSON.parse reads it, the last one.
      expect(keys.cached(`${Buffer.from('{"alg":"HS256","alg":"RS256","kid":"rsa-1"}').toString('base64url')}.e30.c2ln`)).toBe(imported);
    });

    test('forgets its keys when the set ages out or is fetched again', async () => {
      const keys = createKeySet(issuer.url, { ...OPTIONS, cooldownMs: 100, cacheMaxAgeMs: 200 });
      const token = await signToken(rsa);
      expect(await verdict(keys, token)).toBe('ok');
      expect(keys.cached(token)).toBeDefined();
      // The issuer withdraws the key; once the set is older than its cache age nothing is handed over.
      publish(other.publicJwk);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(keys.cached(token)).toBeUndefined();
      // The refetch that follows drops the withdrawn key, and the header that selected it with it.
      expect(await verdict(keys, token)).toContain('ERR_JWKS_NO_MATCHING_KEY');
      expect(keys.cached(token)).toBeUndefined();
      expect(issuer.requests).toBe(2);
    });

    test('verifyToken takes the cached key only for what the resolver would have accepted', async () => {
      const keys = createKeySet(issuer.url, OPTIONS);
      expect(await verdict(keys, await signToken(rsa))).toBe('ok');
      // A token signed by another key under the imported key's kid fails its signature check.
      expect(await verdict(keys, await signToken(other, { kid: 'rsa-1' }))).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED: signature verification failed');
      // An algorithm outside the allow-list is refused before any key is used.
      expect(await verdict(keys, withHeader({ alg: 'HS256', kid: 'rsa-1' }))).toContain('ERR_JOSE_ALG_NOT_ALLOWED');
      expect(issuer.requests).toBe(1);
    });
  });

  test('never resolves a key for an algorithm it does not accept', async () => {
    const keys = createKeySet(issuer.url, OPTIONS);
    await expect(Promise.resolve().then(() => keys({ alg: 'HS256', kid: 'rsa-1' }))).rejects.toMatchObject({ code: 'ERR_JOSE_NOT_SUPPORTED' });
  });
});
