jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import { createRemoteJWKSet, JWTVerifyGetKey, SignJWT } from 'jose';
import { bearerToken, MAX_TOKEN_LENGTH, tokenFrom, verifyToken } from '../../../lambda/jwt-authorizer/verify-token';
import { AUDIENCE, inSeconds, JwksServer, signToken, startJwksServer, testConfig, TestKey, testKey } from './fixtures';

let rsa: TestKey;
let ec: TestKey;
let stranger: TestKey;
let server: JwksServer;
let keys: JWTVerifyGetKey;
const config = testConfig();

beforeAll(async () => {
  rsa = await testKey('RS256', 'rsa-1');
  ec = await testKey('ES256', 'ec-1');
  stranger = await testKey('RS256', 'not-published');
  server = await startJwksServer([rsa.publicJwk, ec.publicJwk]);
  keys = createRemoteJWKSet(new URL(server.url));
});

afterAll(() => server.close());

describe('verifyToken', () => {
  test('accepts a valid RS256 token and returns its claims', async () => {
    // GIVEN
    const token = await signToken(rsa, { claims: { sub: 'alice' } });
    // WHEN
    const result = await verifyToken(token, keys, config);
    // THEN
    expect(result).toMatchObject({ ok: true, claims: { sub: 'alice', aud: AUDIENCE } });
  });

  test('accepts a valid ES256 token', async () => {
    const token = await signToken(ec);
    const result = await verifyToken(token, keys, config);
    expect(result.ok).toBe(true);
  });

  test('accepts a token carrying one of several configured audiences', async () => {
    const token = await signToken(rsa, { claims: { aud: ['other', 'billing-api'] } });
    const result = await verifyToken(token, keys, testConfig({ audiences: ['orders-api', 'billing-api'] }));
    expect(result.ok).toBe(true);
  });

  test('refuses an expired token', async () => {
    const token = await signToken(rsa, { claims: { exp: inSeconds(-3600) } });
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('ERR_JWT_EXPIRED') });
  });

  test('refuses a token whose nbf is in the future', async () => {
    const token = await signToken(rsa, { claims: { nbf: inSeconds(600) } });
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('"nbf"') });
  });

  test('tolerates an expiry within the clock skew', async () => {
    // GIVEN a token that expired 20 s ago, with 60 s of skew allowed
    const token = await signToken(rsa, { claims: { exp: inSeconds(-20) } });
    // WHEN
    const result = await verifyToken(token, keys, testConfig({ clockSkewSeconds: 60 }));
    // THEN
    expect(result.ok).toBe(true);
  });

  test('tolerates a not-before within the clock skew', async () => {
    const token = await signToken(rsa, { claims: { nbf: inSeconds(20) } });
    const result = await verifyToken(token, keys, testConfig({ clockSkewSeconds: 60 }));
    expect(result.ok).toBe(true);
  });

  test('refuses an expiry beyond the clock skew', async () => {
    const token = await signToken(rsa, { claims: { exp: inSeconds(-20) } });
    const result = await verifyToken(token, keys, testConfig({ clockSkewSeconds: 5 }));
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('ERR_JWT_EXPIRED') });
  });

  test('refuses a token from another issuer', async () => {
    const token = await signToken(rsa, { claims: { iss: 'https://evil.example.test/' } });
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('"iss"') });
  });

  test('refuses a token for another audience', async () => {
    const token = await signToken(rsa, { claims: { aud: 'payments-api' } });
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('"aud"') });
  });

  test('refuses an HS256 token even when its secret is the published key material', async () => {
    // GIVEN the classic confusion attack: an HMAC "signed" with public key bytes
    const secret = new TextEncoder().encode(JSON.stringify(rsa.publicJwk));
    const token = await new SignJWT({ iss: 'https://auth.example.test/', aud: AUDIENCE, sub: 'mallory', exp: inSeconds(600) })
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .sign(secret);
    // WHEN
    const result = await verifyToken(token, keys, config);
    // THEN
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('ERR_JOSE_ALG_NOT_ALLOWED') });
  });

  test('refuses a token signed by a key the JWKS does not publish', async () => {
    const token = await signToken(stranger);
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('ERR_JWKS_NO_MATCHING_KEY') });
  });

  test('refuses a token whose payload was changed after signing', async () => {
    // GIVEN a valid token with its payload swapped for one granting another role
    const [header, , signature] = (await signToken(rsa)).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'https://auth.example.test/', aud: AUDIENCE, sub: 'user-1', exp: inSeconds(600), roles: ['admin'] })).toString('base64url');
    // WHEN
    const result = await verifyToken(`${header}.${forged}.${signature}`, keys, config);
    // THEN
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('ERR_JWS_SIGNATURE_VERIFICATION_FAILED') });
  });

  test('refuses a token without exp', async () => {
    const token = await signToken(rsa, { omit: ['exp'] });
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('"exp"') });
  });

  test('refuses a token without sub', async () => {
    const token = await signToken(rsa, { omit: ['sub'] });
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('"sub"') });
  });

  test('refuses a token issued in the future beyond the clock skew', async () => {
    const token = await signToken(rsa, { claims: { iat: inSeconds(120) } });
    const result = await verifyToken(token, keys, testConfig({ clockSkewSeconds: 60 }));
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('"iat" claim lies in the future beyond the clock skew') });
  });

  test('accepts a token issued just now', async () => {
    const token = await signToken(rsa, { claims: { iat: inSeconds(0) } });
    expect((await verifyToken(token, keys, testConfig({ clockSkewSeconds: 0 }))).ok).toBe(true);
  });

  test('refuses a token with alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: rsa.kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: 'https://auth.example.test/', aud: AUDIENCE, sub: 'mallory', exp: inSeconds(600) })).toString('base64url');
    const result = await verifyToken(`${header}.${payload}.`, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/ERR_JOSE_ALG_NOT_ALLOWED|ERR_JWS_INVALID/) });
  });

  test('refuses a token whose kid names one key but whose signature is by another', async () => {
    // GIVEN a token signed by an unpublished key, claiming the published key's kid
    const token = await signToken(stranger, { kid: rsa.kid });
    const result = await verifyToken(token, keys, config);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('ERR_JWS_SIGNATURE_VERIFICATION_FAILED') });
  });

  test('refuses an ES256 key presented for an RS256 header', async () => {
    const token = await signToken(ec, { kid: rsa.kid });
    const result = await verifyToken(token, keys, config);
    expect(result.ok).toBe(false);
  });

  test('refuses malformed base64 in each part without throwing', async () => {
    const [header, payload, signature] = (await signToken(rsa)).split('.');
    for (const token of [`%%%.${payload}.${signature}`, `${header}.!!!.${signature}`, `${header}.${payload}.***`, `${header}.e30.${signature}`]) {
      const result = await verifyToken(token, keys, config);
      expect(result.ok).toBe(false);
    }
  });

  test('refuses a token longer than the limit before decoding it', async () => {
    const result = await verifyToken(`${'a'.repeat(MAX_TOKEN_LENGTH)}.b.c`, keys, config);
    expect(result).toMatchObject({ ok: false, reason: `token longer than ${MAX_TOKEN_LENGTH} characters` });
  });

  test('reports failures without any piece of the token', async () => {
    const token = await signToken(stranger);
    const result = await verifyToken(token, keys, config);
    expect(result.ok).toBe(false);
    for (const part of token.split('.')) expect((result as { reason: string }).reason).not.toContain(part);
  });

  test('refuses a string that is not a JWT without throwing', async () => {
    const result = await verifyToken('not-a-jwt', keys, config);
    expect(result.ok).toBe(false);
  });
});

describe('bearerToken', () => {
  test('takes the token out of a Bearer header, any case', () => {
    expect(bearerToken('bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerToken('Bearer   aaa.bbb.ccc ')).toBe('aaa.bbb.ccc');
  });

  test('accepts a bare compact JWT', () => {
    expect(bearerToken('aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
  });

  test('refuses an over-long header value with a reason, without a regex pass over it', () => {
    expect(tokenFrom(`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH)}`)).toEqual({ reason: `authorization value longer than ${MAX_TOKEN_LENGTH} characters` });
  });

  test('says why a header holds no token', () => {
    expect(tokenFrom(undefined)).toEqual({ reason: 'no bearer token' });
    expect(tokenFrom(['Bearer a.b.c'])).toEqual({ reason: 'no bearer token' });
    expect(tokenFrom('Bearer a.b.c')).toEqual({ token: 'a.b.c' });
  });

  test('finds nothing in a missing, empty or other-scheme header', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('')).toBeUndefined();
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
  });
});
