import { errors, jwtVerify, JWTPayload, JWTVerifyGetKey } from 'jose';
import { ACCEPTED_ALGORITHMS, JwtAuthorizerConfig } from './config';

/** The outcome of verifying a token: its claims, or why it was refused. */
export type VerifyResult =
  | { readonly ok: true; readonly claims: JWTPayload }
  | { readonly ok: false; readonly reason: string };

/** Takes the token out of an `Authorization` header value (`Bearer <jwt>`, or a bare JWT). */
export function bearerToken(headerValue: string | undefined | null): string | undefined {
  if (typeof headerValue !== 'string') return undefined;
  const trimmed = headerValue.trim();
  const match = /^Bearer\s+(\S+)$/i.exec(trimmed);
  if (match) return match[1];
  // A bare compact JWS: three base64url parts.
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(trimmed) ? trimmed : undefined;
}

/**
 * Verifies a compact JWT: signature by a key of the issuer's JWKS, an accepted algorithm
 * (RS256 or ES256 — never HS256, whose "key" would be the public JWKS), issuer, audience,
 * and `exp`/`nbf` within the configured clock skew. Never throws: every failure is a reason.
 */
export async function verifyToken(token: string, keys: JWTVerifyGetKey, config: JwtAuthorizerConfig): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: [...ACCEPTED_ALGORITHMS],
      issuer: config.issuer,
      audience: config.audiences,
      clockTolerance: config.clockSkewSeconds,
      // Without exp a stolen token is valid forever; without sub there is no user id to pass on.
      requiredClaims: ['exp', 'sub'],
    });
    return { ok: true, claims: payload };
  } catch (e) {
    return { ok: false, reason: describeFailure(e) };
  }
}

function describeFailure(e: unknown): string {
  if (e instanceof errors.JOSEError) return `${e.code}: ${e.message}`;
  return `verification failed: ${e instanceof Error ? e.message : String(e)}`;
}
