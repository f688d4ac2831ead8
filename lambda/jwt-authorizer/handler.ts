import { readFileSync } from 'fs';
import * as path from 'path';
import type { APIGatewayAuthorizerResult, Context } from 'aws-lambda';
import { AuthorizerEvent, Decision, decide } from './authorize';
import { configProblems, DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS, DEFAULT_JWKS_COOLDOWN_SECONDS, JwtAuthorizerConfig } from './config';
import { createKeySet } from './key-set';
import { decisionLogLine } from './log-line';
import { verifyToken } from './verify-token';

// Loaded once per container: config.json ships beside the bundle in the asset.
const config = loadConfig(path.join(__dirname, 'config.json'));
// One key set per container: the JWKS is fetched on first use and kept for cacheMaxAge,
// refetched earlier only for an unknown kid and at most once per cooldown, so warm
// invocations make no network call and tokens with made-up kids cannot hammer the issuer.
const keys = createKeySet(config.jwksUrl, {
  timeoutMs: 3000,
  cooldownMs: (config.jwksCooldownSeconds ?? DEFAULT_JWKS_COOLDOWN_SECONDS) * 1000,
  cacheMaxAgeMs: (config.jwksCacheMaxAgeSeconds ?? DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS) * 1000,
});

// What decide needs besides the event, the same for every call.
const dependencies = { config, verify: (token: string) => verifyToken(token, keys, config) };

/** Lambda entry point for REST TOKEN / REQUEST and HTTP API REQUEST authorizer events. */
export function handler(event: AuthorizerEvent, context?: Context): Promise<APIGatewayAuthorizerResult> {
  // A promise chain rather than an async function: one layer of promises less on every call.
  return decide(event, dependencies).then(({ response, decision }) => answer(response, decision, event, context));
}

function answer(response: APIGatewayAuthorizerResult, decision: Decision, event: AuthorizerEvent, context: Context | undefined): APIGatewayAuthorizerResult {
  // One line per decision, written as is. Lambda relays stdout to CloudWatch Logs
  // (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html), one event per line of
  // a direct write, and with the JSON log format reads a JSON object on stdout as one INFO
  // event (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html).
  // The line holds no newline (JSON.stringify escapes them), and skipping console.log leaves
  // off the runtime's text prefix and formatting, so the event is the JSON object alone.
  process.stdout.write(`${decisionLogLine(decision, { requestId: context?.awsRequestId, eventType: (event as { type?: string } | null)?.type })}\n`);
  return response;
}

function loadConfig(file: string): JwtAuthorizerConfig {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const problems = configProblems(parsed);
  if (problems.length > 0) throw new Error(`jwt-authorizer: invalid ${file}: ${problems.join('; ')}`);
  return parsed as JwtAuthorizerConfig;
}
