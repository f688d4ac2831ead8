/**
 * Lambda entry of the REST→gRPC translator. The configuration and descriptor ship beside
 * this file in the asset and are loaded once per container, outside the handler.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from 'aws-lambda';
import { Root } from 'protobufjs/light';
import { TRANSLATOR_CONFIG_FILE, TRANSLATOR_DESCRIPTOR_FILE, TranslatorConfig } from './config';
import { answerEvent, unexpectedErrorLine } from './adapter';
import { callerFor } from './grpc-client';
import { createTranslator } from './translator';

const config = JSON.parse(readFileSync(path.join(__dirname, TRANSLATOR_CONFIG_FILE), 'utf8')) as TranslatorConfig;
const root = Root.fromJSON(JSON.parse(readFileSync(path.join(__dirname, config.descriptorFile ?? TRANSLATOR_DESCRIPTOR_FILE), 'utf8')));
const caPem = config.backend.tls?.caFile ? readFileSync(path.join(__dirname, config.backend.tls.caFile)) : undefined;
const translator = createTranslator(config, root, {
  caller: callerFor(config.backend, caPem),
  onBackendError: (route, error, attempt) => console.error(JSON.stringify({ message: 'gRPC call failed', route, code: error.code, details: error.details, attempt })),
  onUnexpectedError: logUnexpected,
});

function logUnexpected(requestId: string, error: unknown): void {
  console.error(unexpectedErrorLine(requestId, error));
}

/** Translates one API Gateway request (REST v1 or HTTP API v2) into a unary gRPC call. */
export const handler = async (event: APIGatewayProxyEvent | APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResult> =>
  answerEvent(translator, event, context.getRemainingTimeInMillis(), logUnexpected);
