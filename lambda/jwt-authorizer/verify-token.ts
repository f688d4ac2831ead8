import { errors, jwtVerify, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { ACCEPTED_ALGORITHMS, DEFAULT_USER_ID_CLAIM, JwtAuthorizerConfig } from './config';
import type { KeySet } from './key-set';

/** The outcome of verifying a token: its claims, or why it was refused. */
export type VerifyResult =
  | { readonly ok: true; readonly claims: JWTPayload }
  | { readonly ok: false; readonly reason: string };

/**
 * The longest Authorization value read. Real tokens are a few kilobytes at most; a longer
 * value is refused before any decoding, so a huge header costs no base64 or JSON work.
 */
export const MAX_TOKEN_LENGTH = 16_384;

/** Takes the token out of an `Authorization` header value (`Bearer <jwt>`, or a bare JWT). */
export function bearerToken(headerValue: string | undefined | null): string | undefined {
  const found = tokenFrom(headerValue);
  return 'token' in found ? found.token : undefined;
}

/** The token of an `Authorization` header value, or why there is none (never the value itself). */
export function tokenFrom(headerValue: unknown): { readonly token: string } | { readonly reason: string } {
  if (typeof headerValue !== 'string') return { reason: 'no bearer token' };
  const trimmed = headerValue.trim();
  if (trimmed.length === 0) return { reason: 'no bearer token' };
  if (headerValue.length > MAX_TOKEN_LENGTH) return { reason: `authorization value longer than ${MAX_TOKEN_LENGTH} characters` };
  const match = /^Bearer\s+(\S+)$/i.exec(trimmed);
  if (match) return { token: match[1] };
  // A bare compact JWS: three base64url parts.
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(trimmed) ? { token: trimmed } : { reason: 'no bearer token' };
}

/**
 * Verifies a compact JWT: signature by a key of the issuer's JWKS, an accepted algorithm
 * (RS256 or ES256 — never HS256, whose "key" would be the public JWKS, nor `none`), issuer,
 * audience, `exp`/`nbf` within the configured clock skew, and an `iat` not beyond the skew
 * in the future (a token from the future was not issued by a clock we trust).
 * Never throws: every failure is a reason.
 */
export function verifyToken(token: string, keys: JWTVerifyGetKey | KeySet, config: JwtAuthorizerConfig): Promise<VerifyResult> {
  if (token.length > MAX_TOKEN_LENGTH) return Promise.resolve({ ok: false, reason: `token longer than ${MAX_TOKEN_LENGTH} characters` });
  const { options, accept } = verifierOf(config);
  // A warm key set hands over the key itself; jose checks it against the token's header as
  // it checks a key the resolver returns (the algorithm allow-list first, then the key's type).
  const key = 'cached' in keys ? keys.cached(token) ?? keys : keys;
  // A promise chain rather than an async function: one layer of promises less on every call.
  return jwtVerify(token, key, options).then(accept, refuse);
}

function refuse(e: unknown): VerifyResult {
  return { ok: false, reason: describeFailure(e) };
}

// jose's options, and the check of its result, follow from the configuration alone, which is
// read once per container: built once per configuration object instead of on every call.
const verifiers = new WeakMap<JwtAuthorizerConfig, { options: JWTVerifyOptions; accept: (result: { payload: JWTPayload }) => VerifyResult }>();

function verifierOf(config: JwtAuthorizerConfig): { options: JWTVerifyOptions; accept: (result: { payload: JWTPayload }) => VerifyResult } {
  let found = verifiers.get(config);
  if (!found) {
    const skew = config.clockSkewSeconds;
    found = {
      options: verifyOptionsOf(config),
      accept: ({ payload }) => {
        // jose checks that iat is a number, and compares it with the clock only given maxTokenAge.
        if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000) + skew) {
          return { ok: false, reason: 'ERR_JWT_CLAIM_VALIDATION_FAILED: "iat" claim lies in the future beyond the clock skew' };
        }
        return { ok: true, claims: payload };
      },
    };
    verifiers.set(config, found);
  }
  return found;
}

/** The options {@link verifyToken} passes `jwtVerify` for a configuration (the bench's bare side passes the same). */
export function verifyOptionsOf(config: JwtAuthorizerConfig): JWTVerifyOptions {
  const userIdClaim = config.userIdClaim ?? DEFAULT_USER_ID_CLAIM;
  return {
    algorithms: [...ACCEPTED_ALGORITHMS],
    issuer: config.issuer,
    audience: config.audiences,
    clockTolerance: config.clockSkewSeconds,
    // Without exp a stolen token is valid forever; without a user id there is no one to pass on
    // (a user id read from another claim is checked with the other identity claims).
    requiredClaims: userIdClaim === 'sub' ? ['exp', 'sub'] : ['exp'],
  };
}

/** The longest failure message logged; jose's own are far shorter. */
const MAX_REASON_LENGTH = 200;

function describeFailure(e: unknown): string {
  // jose's messages name the failed check, not the token (claim values stay on the error).
  // Other errors (a failed JWKS fetch, say) are not ours to trust: long base64url runs,
  // which could be pieces of the token, are cut out.
  const text = e instanceof errors.JOSEError
    ? `${e.code}: ${e.message}`
    : `verification failed: ${e instanceof Error ? `${e.name}: ${e.message.replace(/[\w-]{16,}/g, '[redacted]')}` : 'unknown error'}`;
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH)}...` : text;
}
