import { DurationRule, NumberRule } from './rule';

const CREATE_FUNCTION = 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html';

/**
 * A Lambda function's memory (CreateFunction `MemorySize`): "Valid Range: Minimum value of 128.
 * Maximum value of 10240", in whole MB; the quota page states the same 10,240 MB ceiling.
 */
export const LAMBDA_MEMORY_SIZE: NumberRule = {
  subject: 'a Lambda function memory size', unit: 'MB', min: 128, max: 10240, integer: true, source: CREATE_FUNCTION,
};

/**
 * A Lambda function's timeout (CreateFunction `Timeout`): whole seconds, "Minimum value of 1";
 * "The maximum allowed value is 900 seconds" (15 minutes, the Lambda quota).
 */
export const LAMBDA_TIMEOUT: DurationRule = {
  subject: 'a Lambda function timeout', unit: 'seconds', min: 1, max: 900, source: CREATE_FUNCTION,
};

/**
 * The deadline of a call a function makes within one invocation (the translator's gRPC calls):
 * whole milliseconds, at least 1, and never longer than the longest Lambda timeout, 900 seconds.
 */
export const IN_FUNCTION_CALL_TIMEOUT: DurationRule = {
  subject: 'a call timeout within a Lambda invocation', unit: 'milliseconds', min: 1, max: 900_000, source: CREATE_FUNCTION,
};

/** Time a function keeps back before its own timeout to answer (the translator's deadline margin): 0 to 900 seconds. */
export const IN_FUNCTION_MARGIN: DurationRule = {
  subject: 'a margin before a Lambda function\'s timeout', unit: 'milliseconds', min: 0, max: 900_000, source: CREATE_FUNCTION,
};
