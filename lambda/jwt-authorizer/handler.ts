import { readFileSync } from 'fs';
import * as path from 'path';
import { createRemoteJWKSet } from 'jose';
import { AuthorizerEvent, decide } from './authorize';
import { configProblems, JwtAuthorizerConfig } from './config';
import { verifyToken } from './verify-token';

// Loaded once per container: config.json ships beside the bundle in the asset.
const config = loadConfig(path.join(__dirname, 'config.json'));
// One key set per container: jose caches the fetched JWKS and refetches only for an
// unknown kid (after a cooldown) or when the cache ages out, so warm invocations make no
// network call.
const keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });

/** Lambda entry point for REST TOKEN / REQUEST and HTTP API REQUEST authorizer events. */
export async function handler(event: AuthorizerEvent) {
  const { response, decision } = await decide(event, { config, verify: (token) => verifyToken(token, keys, config) });
  console.log(JSON.stringify({ message: 'authorizer decision', ...decision }));
  return response;
}

function loadConfig(file: string): JwtAuthorizerConfig {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const problems = configProblems(parsed);
  if (problems.length > 0) throw new Error(`jwt-authorizer: invalid ${file}: ${problems.join('; ')}`);
  return parsed as JwtAuthorizerConfig;
}
