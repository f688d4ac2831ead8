import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import type { APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, JWK, JWTPayload, SignJWT } from 'jose';
import type { JwtAuthorizerConfig } from '../../../lambda/jwt-authorizer/config';

export const ISSUER = 'https://auth.example.test/';
export const AUDIENCE = 'orders-api';
export const API_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4';
export const STAGE = 'prod';

/** A signing key with its public JWK as the issuer would publish it. */
export interface TestKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  readonly publicJwk: JWK;
}

/** Generates a key pair in the test, as an issuer would. */
export async function testKey(alg: 'RS256' | 'ES256', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

/** A JWKS served over loopback HTTP, counting the requests it answers. */
export interface JwksServer {
  readonly url: string;
  /** How many times the JWKS was fetched. */
  requests(): number;
  close(): Promise<void>;
}

/** Serves `{ keys }` at /.well-known/jwks.json on 127.0.0.1 and an ephemeral port. */
export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      count++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => count,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}

const now = () => Math.floor(Date.now() / 1000);

/** Options for {@link signToken}: claims over valid defaults, and header overrides. */
export interface SignOptions {
  readonly claims?: JWTPayload;
  /** Claims to leave out of the defaults (`exp`, `sub`). */
  readonly omit?: string[];
  readonly kid?: string;
}

/** A token from ISSUER for AUDIENCE, valid for 10 minutes, signed with `key`; claims override. */
export async function signToken(key: TestKey, options: SignOptions = {}): Promise<string> {
  const claims: JWTPayload = {
    iss: ISSUER, aud: AUDIENCE, sub: 'user-1', iat: now(), exp: now() + 600,
    tenant_id: 'tenant-a', roles: ['reader'], tier: 'gold',
    ...options.claims,
  };
  for (const claim of options.omit ?? []) delete claims[claim];
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' }).sign(key.privateKey);
}

/** Seconds from now, for exp / nbf claims. */
export function inSeconds(seconds: number): number {
  return now() + seconds;
}

/** The authorizer configuration the tests start from. */
export function testConfig(overrides: Partial<JwtAuthorizerConfig> = {}): JwtAuthorizerConfig {
  return {
    issuer: ISSUER,
    audiences: [AUDIENCE],
    jwksUrl: 'https://auth.example.test/.well-known/jwks.json',
    tenantIdClaim: 'tenant_id',
    rolesClaim: 'roles',
    tierClaim: 'tier',
    clockSkewSeconds: 60,
    policyScope: 'METHOD',
    routeRoles: {},
    ...overrides,
  };
}

/** The method ARN API Gateway sends for a request. */
export function methodArn(method: string, path: string): string {
  return `${API_ARN}/${STAGE}/${method}${path}`;
}

/** A REST TOKEN authorizer event for `METHOD /path`. */
export function tokenEvent(method: string, path: string, authorization: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', methodArn: methodArn(method, path), authorizationToken: authorization };
}

/** A REST REQUEST authorizer event for the resource template `resource` called as `path`. */
export function restRequestEvent(method: string, resource: string, path: string, headers: Record<string, string>): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST', methodArn: methodArn(method, path), resource, path, httpMethod: method,
    headers, multiValueHeaders: null, pathParameters: null, queryStringParameters: null,
    multiValueQueryStringParameters: null, stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

/** An HTTP API (payload 2.0) REQUEST authorizer event for the route `METHOD template` called as `path`. */
export function httpApiEvent(method: string, template: string, path: string, headers: Record<string, string>): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0', type: 'REQUEST', routeArn: methodArn(method, path), routeKey: `${method} ${template}`,
    identitySource: headers.authorization ? [headers.authorization] : [],
    rawPath: `/${STAGE}${path}`, rawQueryString: '', cookies: [], headers,
    requestContext: {} as APIGatewayRequestAuthorizerEventV2['requestContext'],
  };
}

/** One statement of an authorizer policy, as tests read it. */
interface PolicyStatement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
}

/** IAM's resource matching, written apart from the code under test: `*` spans anything, `?` one character. */
function resourceMatches(pattern: string, arn: string): boolean {
  let regex = '';
  for (const ch of pattern) regex += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${regex}$`).test(arn);
}

/**
 * How API Gateway evaluates an authorizer's policy for a request's method ARN: an explicit
 * Deny wins, else an Allow must match, else the request is denied.
 */
export function evaluatePolicy(policy: { Statement: unknown[] }, arn: string): 'Allow' | 'Deny' {
  const matching = (policy.Statement as PolicyStatement[]).filter((s) => {
    const actions = [s.Action ?? []].flat();
    const resources = [s.Resource ?? []].flat();
    return actions.some((a) => a === 'execute-api:Invoke' || a === 'execute-api:*' || a === '*')
      && resources.some((r) => resourceMatches(r, arn));
  });
  if (matching.some((s) => s.Effect === 'Deny')) return 'Deny';
  return matching.some((s) => s.Effect === 'Allow') ? 'Allow' : 'Deny';
}

/** A request as the cache simulator sees it: the event and its method ARN. */
export interface SimulatedRequest {
  readonly event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent | APIGatewayRequestAuthorizerEventV2;
  readonly arn: string;
}

/**
 * API Gateway's authorizer cache: answers are kept per identity-source values (`cacheKey`)
 * and the cached policy is evaluated against each later request's ARN.
 */
export class AuthorizerCache {
  private readonly entries = new Map<string, { Statement: unknown[] }>();
  /** How many requests the function itself answered. */
  public invocations = 0;

  constructor(
    private readonly authorize: (event: SimulatedRequest['event']) => Promise<{ policyDocument: { Statement: unknown[] } }>,
    private readonly cacheKey: (event: SimulatedRequest['event']) => string,
  ) {}

  /** The effect API Gateway applies to a request. */
  public async request({ event, arn }: SimulatedRequest): Promise<'Allow' | 'Deny'> {
    const key = this.cacheKey(event);
    let policy = this.entries.get(key);
    if (!policy) {
      this.invocations++;
      policy = (await this.authorize(event)).policyDocument;
      this.entries.set(key, policy);
    }
    return evaluatePolicy(policy, arn);
  }
}
