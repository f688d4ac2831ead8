import { type CryptoKey, decodeProtectedHeader, errors, importJWK, type JWK, type JWTHeaderParameters } from 'jose';
import { ACCEPTED_ALGORITHMS } from './config';

/** When the key set fetches the issuer's JWKS, in milliseconds (jose's `createRemoteJWKSet` options). */
export interface KeySetOptions {
  /** How long a fetch may take before it fails (jose's `timeoutDuration`). */
  readonly timeoutMs: number;
  /** The least time between two fetches caused by an unknown `kid` (jose's `cooldownDuration`). */
  readonly cooldownMs: number;
  /** How long a fetched JWKS is used before it is fetched again (jose's `cacheMaxAge`). */
  readonly cacheMaxAgeMs: number;
}

/** A key resolver for `jwtVerify`, and the number of JWKS fetches it started (for tests and the bench). */
export interface KeySet {
  (protectedHeader: JWTHeaderParameters): CryptoKey | Promise<CryptoKey>;
  readonly fetches: () => number;
  /**
   * The key a token's protected header selects, when the JWKS is fresh and that key was
   * already imported for a token with the very same encoded header; undefined otherwise,
   * and then the key set itself is `jwtVerify`'s key. Handing `jwtVerify` the key rather
   * than the resolver spares it a resolver round (an await and a result copy) on every warm
   * call, which measured about as much as all of the authorizer's own claim and policy work.
   */
  readonly cached: (token: string) => CryptoKey | undefined;
}

/**
 * How many distinct encoded protected headers {@link KeySet.cached} remembers: an issuer's
 * tokens share a handful (one per signing key), and a caller inventing headers only ever
 * replaces the remembered ones, never grows them.
 */
const MAX_REMEMBERED_HEADERS = 64;

type Algorithm = typeof ACCEPTED_ALGORITHMS[number];

/** The JWK a key for each accepted algorithm must be (jose's table for these algorithms). */
const KEY_TYPES: { readonly [A in Algorithm]: { readonly kty: string; readonly crv?: string } } = {
  RS256: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
};

/**
 * The issuer's signing keys, fetched from `url` and imported once per fetch: a warm call
 * is a Map lookup by algorithm and `kid` that returns the imported key itself, where jose's
 * `createRemoteJWKSet` filters the whole set and goes through two async functions on every
 * call. The fetch schedule is jose's: the set is fetched on first use and again once it is
 * `cacheMaxAgeMs` old; a `kid` the set lacks causes a refetch only when the last fetch is
 * at least `cooldownMs` old; concurrent callers share one fetch; a failed fetch fails every
 * call that needs it (no key is trusted past its cache age). Which JWK a token selects is
 * jose's rule too: a key type the algorithm accepts, the same `kid` when the token names one,
 * the same `alg` when the JWK names one, `use` absent or `sig`, `key_ops` absent or holding
 * `verify`; no match is `ERR_JWKS_NO_MATCHING_KEY`, several are `ERR_JWKS_MULTIPLE_MATCHING_KEYS`.
 */
export function createKeySet(url: string, options: KeySetOptions): KeySet {
  let jwks: JWK[] | undefined;
  let fetchedAt = -Infinity;
  let pending: Promise<void> | undefined;
  let fetches = 0;
  // Imported keys of the current JWKS, by `${alg} ${kid}` (`${alg}` for tokens without a kid).
  let imported = new Map<string, CryptoKey>();
  // The same keys by the encoded protected header that selected them, for `cached`.
  let byHeader = new Map<string, CryptoKey>();

  const reload = (): Promise<void> => {
    if (!pending) {
      fetches++;
      const current: Promise<void> = fetchJwks(url, options.timeoutMs).then((keys) => {
        jwks = keys;
        imported = new Map();
        byHeader = new Map();
        fetchedAt = Date.now();
      }).finally(() => {
        if (pending === current) pending = undefined;
      });
      pending = current;
    }
    return pending;
  };

  const resolve = async (header: JWTHeaderParameters, mayRefetch: boolean): Promise<CryptoKey> => {
    const { alg, kid } = header;
    const type = typeof alg === 'string' && Object.prototype.hasOwnProperty.call(KEY_TYPES, alg) ? KEY_TYPES[alg as Algorithm] : undefined;
    if (!type) throw new errors.JOSENotSupported('Unsupported "alg" value for a JSON Web Key Set');
    const into = imported;
    const candidates = (jwks ?? []).filter((jwk) => usable(jwk, type, alg!, kid));
    if (candidates.length === 0) {
      if (mayRefetch && Date.now() >= fetchedAt + options.cooldownMs) {
        await reload();
        return resolve(header, false);
      }
      throw new errors.JWKSNoMatchingKey();
    }
    if (candidates.length > 1) throw new errors.JWKSMultipleMatchingKeys();
    const key = await importJWK(candidates[0], alg);
    if (key instanceof Uint8Array || key.type !== 'public') throw new errors.JWKSInvalid('JSON Web Key Set members must be public keys');
    into.set(cacheKey(alg!, kid), key);
    return key;
  };

  // Whether the JWKS was fetched and is younger than its cache age.
  const fresh = (): boolean => jwks !== undefined && Date.now() < fetchedAt + options.cacheMaxAgeMs;
  // The key already imported for a header's alg and kid. A kid that is not a string matches
  // no JWK (jose's rule), so it is never cached.
  const importedFor = (header: JWTHeaderParameters): CryptoKey | undefined =>
    typeof header.alg === 'string' && (header.kid === undefined || typeof header.kid === 'string')
      ? imported.get(cacheKey(header.alg, header.kid)) : undefined;

  const getKey = (header: JWTHeaderParameters): CryptoKey | Promise<CryptoKey> => {
    if (!fresh()) return reload().then(() => resolve(header, false));
    return importedFor(header) ?? resolve(header, true);
  };
  const cached = (token: string): CryptoKey | undefined => {
    if (!fresh()) return undefined;
    const dot = token.indexOf('.');
    if (dot <= 0) return undefined;
    const encoded = token.slice(0, dot);
    const known = byHeader.get(encoded);
    if (known !== undefined) return known;
    let header: JWTHeaderParameters;
    try {
      // jose's own parse, so the header read here is the one jwtVerify reads from the same bytes.
      header = decodeProtectedHeader(token) as JWTHeaderParameters;
    } catch {
      return undefined;
    }
    const found = importedFor(header);
    if (found !== undefined) {
      if (byHeader.size >= MAX_REMEMBERED_HEADERS) byHeader.clear();
      byHeader.set(encoded, found);
    }
    return found;
  };
  return Object.assign(getKey, { fetches: () => fetches, cached });
}

function cacheKey(alg: string, kid: string | undefined): string {
  return kid === undefined ? alg : `${alg} ${kid}`;
}

function usable(jwk: JWK, type: { readonly kty: string; readonly crv?: string }, alg: string, kid: unknown): boolean {
  const ops = jwk.key_ops;
  return jwk.kty === type.kty
    && (type.crv === undefined || jwk.crv === type.crv)
    && (kid === undefined || (typeof kid === 'string' && jwk.kid === kid))
    && (jwk.alg === undefined || jwk.alg === alg)
    && (jwk.use === undefined || jwk.use === 'sig')
    && (jwk.ext === undefined || typeof jwk.ext === 'boolean')
    && (ops === undefined || (Array.isArray(ops) && ops.every((op, i) => typeof op === 'string' && ops.indexOf(op) === i) && ops.includes('verify')));
}

/** jose's own `User-Agent` for JWKS fetches names jose; this one names the authorizer. */
const HEADERS = { accept: 'application/json, application/jwk-set+json', 'user-agent': 'cdk-gateway-topology-jwt-authorizer' };

async function fetchJwks(url: string, timeoutMs: number): Promise<JWK[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', redirect: 'manual', headers: HEADERS, signal });
  } catch (e) {
    // An abort is a DOMException named TimeoutError (not an Error in every realm): jose's test.
    throw (e as { name?: unknown } | null)?.name === 'TimeoutError' ? new errors.JWKSTimeout(undefined, { cause: e }) : e;
  }
  if (response.status !== 200) throw new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response');
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw signal.aborted
      ? new errors.JWKSTimeout(undefined, { cause })
      : new errors.JOSEError('Failed to parse the JSON Web Key Set HTTP response as JSON', { cause });
  }
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (typeof body !== 'object' || body === null || !Array.isArray(keys) || !keys.every((k) => typeof k === 'object' && k !== null && !Array.isArray(k))) {
    throw new errors.JWKSInvalid('JSON Web Key Set malformed');
  }
  return keys as JWK[];
}
