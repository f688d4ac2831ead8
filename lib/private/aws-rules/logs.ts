import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { checkChoice, ChoiceRule } from './rule';

/**
 * The retention of a log group (PutRetentionPolicy `retentionInDays`): "Possible values are: 1,
 * 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
 * and 3653."
 */
export const LOG_RETENTION_DAYS: ChoiceRule<number> = {
  subject: 'a CloudWatch Logs retention in days',
  values: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
  source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html',
};

/**
 * Refuses a log retention CloudWatch Logs would refuse. `RetentionDays.INFINITE` passes: CDK
 * writes no retention for it, which keeps the logs forever.
 */
export function checkLogRetention(scope: IConstruct | string, prop: string, value: logs.RetentionDays | undefined): void {
  if (value === logs.RetentionDays.INFINITE) return;
  checkChoice<number>(scope, prop, value, LOG_RETENTION_DAYS);
}
