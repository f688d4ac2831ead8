import { NumberRule } from './rule';

/**
 * The request limit of a WAFv2 rate-based rule (RateBasedStatement `Limit`, a Long): "Valid
 * Range: Minimum value of 10. Maximum value of 2000000000." (the minimum was 100 before
 * August 2024). The limit counts requests per evaluation window, five minutes unless
 * `EvaluationWindowSec` says otherwise.
 */
export const WAF_RATE_LIMIT: NumberRule = {
  subject: 'a WAF rate-based rule limit', unit: 'requests per five minutes', min: 10, max: 2_000_000_000, integer: true,
  source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html',
};
