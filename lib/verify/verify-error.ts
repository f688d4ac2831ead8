/**
 * A usage or access problem `verify` reports as one line and exit code 2: a missing cloud
 * assembly, a stack that was never deployed, an unknown API id, missing permissions or
 * rejected credentials. The message says what to do.
 */
export class VerifyUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyUsageError';
  }
}

/** What an AWS call was doing, for the error message. */
export interface AwsCallContext {
  /** The action, as IAM names it (`cloudformation:DescribeStackResources`). */
  readonly action: string;
  /** What was asked for (`stack GatewayTopologyDev`, `HTTP API abc123`). */
  readonly subject: string;
  /** The region asked. */
  readonly region: string;
  /** What to do when the subject does not exist. */
  readonly whenMissing: string;
}

/**
 * Turns an SDK error into a {@link VerifyUsageError} that names the cause and the fix.
 * Errors that are not usage or access problems are returned unchanged.
 */
export function explainAwsError(error: unknown, context: AwsCallContext): Error {
  if (error instanceof VerifyUsageError) return error;
  const e = error as { name?: string; Code?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? e?.Code ?? '';
  const message = String(e?.message ?? error);
  const status = e?.$metadata?.httpStatusCode;

  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new VerifyUsageError('no AWS credentials found: set AWS_PROFILE (after `aws sso login` or `aws configure`) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run verify again');
  }
  if (/^(UnrecognizedClient|InvalidClientTokenId|InvalidSignature|SignatureDoesNotMatch|ExpiredToken|ExpiredTokenException|InvalidAccessKeyId|AuthFailure)/.test(name)
    || /security token included in the request is (invalid|expired)|signature we calculated does not match|invalid access key|UnrecognizedClient/i.test(message)) {
    return new VerifyUsageError(`the AWS credentials were rejected (${name || 'invalid credentials'}): refresh them (\`aws sso login\`, a new session token) or pick another profile with AWS_PROFILE`);
  }
  if (/AccessDenied|UnauthorizedOperation|not authorized to perform/i.test(name) || /not authorized to perform/i.test(message)) {
    return new VerifyUsageError(`missing permission ${context.action} on ${context.subject} in ${context.region}: grant it to the caller (verify only reads), or pass --api-id to skip the lookup`);
  }
  if (name === 'NotFoundException' || (name === 'ValidationError' && /does not exist/i.test(message)) || status === 404) {
    return new VerifyUsageError(`${context.subject} does not exist in ${context.region}: ${context.whenMissing}`);
  }
  if (status === 401 || status === 403) {
    // An answer the SDK could not read (a proxy, an emulator): the status still says why.
    return new VerifyUsageError(`AWS refused ${context.action} on ${context.subject} in ${context.region} (HTTP ${status}): the credentials are invalid or lack the permission; check them with \`aws sts get-caller-identity\` and grant ${context.action}`);
  }
  if (name === 'Region is missing' || /Region is missing/i.test(message)) {
    return new VerifyUsageError('no AWS region: pass --region, set AWS_REGION, or give the stack an env with a region');
  }
  const errno = (e as { code?: string }).code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (errno === 'ECONNREFUSED' || errno === 'ENOTFOUND' || errno === 'EAI_AGAIN' || errno === 'ETIMEDOUT' || name === 'TimeoutError') {
    return new VerifyUsageError(`cannot reach the AWS endpoint for ${context.action} (${errno ?? name}): check the network, --region and --endpoint-url`);
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException') {
    return new VerifyUsageError(`API Gateway throttled the read-back of ${context.subject} (${name}) after the SDK's retries: run verify again in a minute`);
  }
  return new VerifyUsageError(`${context.action} on ${context.subject} failed: ${name ? `${name}: ` : ''}${message.split('\n')[0]}`);
}
