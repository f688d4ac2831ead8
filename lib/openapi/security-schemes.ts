/**
 * OpenAPI security schemes from a route's authorization as the manifest records it:
 * JWT and Cognito as OpenID Connect (the issuer's discovery document) or OAuth2 with scopes,
 * API keys as the `x-api-key` header, IAM as SigV4 (`x-amazon-apigateway-authtype: awsSigv4`,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authtype.html),
 * and Lambda authorizers as an apiKey scheme on their identity source.
 */
import { componentName } from './schema-conversion';
import type { GatewayManifest, ManifestAuthorizer, ManifestRoute } from '../manifest/route-manifest';

/** An OpenAPI security scheme object. */
export type SecurityScheme = Record<string, unknown>;

/** A security requirement: scheme name → scopes. */
export type SecurityRequirement = Record<string, string[]>;

/** The API key scheme's name. */
export const API_KEY_SCHEME = 'apiKey';
/** The SigV4 scheme's name. */
export const SIGV4_SCHEME = 'sigv4';

/** The scheme of a route's authorization, with its name, or undefined for a public route. */
export function securitySchemeOf(gateway: GatewayManifest, route: ManifestRoute): { name: string; scheme: SecurityScheme } | undefined {
  const auth = route.authorization;
  const authorizer = gateway.authorizers.find((a) => a.name === auth.authorizer);
  switch (auth.type) {
    case 'NONE':
      return undefined;
    case 'IAM':
      return {
        name: SIGV4_SCHEME,
        scheme: {
          type: 'apiKey', name: 'Authorization', in: 'header',
          description: 'AWS Signature Version 4: sign the request with IAM credentials allowed to execute-api:Invoke it.',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      };
    case 'JWT':
    case 'COGNITO': {
      const issuer = issuerOf(auth.description, authorizer);
      const name = componentName(`${auth.type === 'JWT' ? 'jwt' : 'cognito'}-${authorizer?.name ?? issuer ?? 'bearer'}`);
      if (issuer) {
        return {
          name,
          scheme: {
            type: 'openIdConnect',
            openIdConnectUrl: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
            description: `A JWT from ${issuer} in the Authorization header (Bearer)${authorizer?.audiences ? `, for audience ${authorizer.audiences.join(' or ')}` : ''}.`,
          },
        };
      }
      return { name, scheme: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT in the Authorization header.' } };
    }
    case 'LAMBDA': {
      const source = authorizer?.identitySource[0];
      const parameter = parameterOfIdentitySource(source);
      return {
        name: componentName(`lambda-${authorizer?.name ?? auth.description}`),
        scheme: {
          type: 'apiKey', name: parameter.name, in: parameter.in,
          description: `Checked by a Lambda authorizer (${auth.description})${authorizer ? ` on ${authorizer.identitySource.join(', ')}` : ''}.`,
        },
      };
    }
    default:
      return undefined;
  }
}

/** The API key scheme (REST usage plans). */
export function apiKeyScheme(): SecurityScheme {
  return { type: 'apiKey', name: 'x-api-key', in: 'header', description: 'The consumer\'s API key, issued with a usage plan.' };
}

/**
 * The security requirements of a route: its authorization's scheme with the scopes API
 * Gateway checks (a token needs any one of them, so each scope is its own alternative),
 * combined with the API key when one is required.
 */
export function securityOf(gateway: GatewayManifest, route: ManifestRoute): { requirements: SecurityRequirement[]; schemes: Record<string, SecurityScheme> } {
  const found = securitySchemeOf(gateway, route);
  const schemes: Record<string, SecurityScheme> = {};
  const key: SecurityRequirement = route.apiKeyRequired ? { [API_KEY_SCHEME]: [] } : {};
  if (route.apiKeyRequired) schemes[API_KEY_SCHEME] = apiKeyScheme();
  if (!found) return { requirements: route.apiKeyRequired ? [key] : [], schemes };
  const scopes = requiredScopesOf(route);
  if (scopes.length > 0 && found.scheme.type === 'openIdConnect') {
    // The scopes an issuer grants are in its discovery document, not in the scheme; the scheme lists
    // those the API checks, and the requirement stays open, as linters want scopes named in oauth2 flows only.
    const known = new Set<string>((found.scheme['x-scopes'] as string[] | undefined) ?? []);
    for (const scope of scopes) known.add(scope);
    found.scheme['x-scopes'] = [...known].sort();
  }
  schemes[found.name] = found.scheme;
  const alternatives = scopes.length > 0 && found.scheme.type !== 'openIdConnect' ? scopes.map((s) => [s]) : [[]];
  return { requirements: alternatives.map((s) => ({ [found.name]: s, ...key })), schemes };
}

/** The scopes a route's token needs (any one of them): those API Gateway checks, else the declaration's. */
export function requiredScopesOf(route: ManifestRoute): string[] {
  return route.authorization.scopes ?? scopesOf(route.authorization.description);
}

/** The issuer of a JWT authorization: the authorizer's, else the declaration's (`jwt(https://issuer/)`). */
function issuerOf(description: string, authorizer: ManifestAuthorizer | undefined): string | undefined {
  if (authorizer?.issuer) return authorizer.issuer;
  const m = /^jwt\((https:\/\/[^)\s]+)\)/.exec(description);
  return m?.[1];
}

/** Scopes written in a JWT declaration's description (`jwt(...) scopes=a,b`), checked by the REST bundled authorizer. */
function scopesOf(description: string): string[] {
  const m = / scopes=(\S+)$/.exec(description);
  return m ? m[1].split(',') : [];
}

/** The header, query parameter or cookie an identity source reads, in either flavour's syntax. */
function parameterOfIdentitySource(source: string | undefined): { name: string; in: 'header' | 'query' } {
  const m = /^(?:\$request\.|method\.request\.)(header|querystring)\.(.+)$/.exec(source ?? '');
  if (!m) return { name: 'Authorization', in: 'header' };
  return { name: m[2], in: m[1] === 'header' ? 'header' : 'query' };
}
