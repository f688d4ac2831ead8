import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkLogRetention } from './aws-rules';

/** The access-log group of a gateway and the key that encrypts it. */
export interface AccessLogGroup {
  readonly logGroup: logs.LogGroup;
  readonly encryptionKey: kms.IKey;
}

/**
 * A gateway's KMS-encrypted access-log group (ids `AccessLogKey` and `AccessLogs` under
 * `gateway`). The key admits CloudWatch Logs for this log group only.
 */
export function encryptedAccessLogGroup(gateway: Construct, key: kms.IKey | undefined, retention: logs.RetentionDays | undefined): AccessLogGroup {
  checkLogRetention(gateway, 'accessLogRetention', retention);
  // The key policy names the log group's ARN, so the name is fixed up front: referencing
  // the log group's own ARN attribute would make the key and the log group depend on each other.
  const logGroupName = `/aws/apigateway/${Names.uniqueResourceName(gateway, { maxLength: 200, separator: '-' })}/access`;
  const logGroupArn = Stack.of(gateway).formatArn({
    service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const encryptionKey = key ?? new kms.Key(gateway, 'AccessLogKey', {
    enableKeyRotation: true,
    description: `Encrypts the API Gateway access logs of ${gateway.node.path}`,
  });
  encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForTheAccessLogGroup',
    principals: [new iam.ServicePrincipal(`logs.${Stack.of(gateway).region}.amazonaws.com`)],
    actions: [
      'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo',
      'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey',
    ],
    resources: ['*'],
    conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
  }));
  const logGroup = new logs.LogGroup(gateway, 'AccessLogs', {
    logGroupName,
    retention: retention ?? logs.RetentionDays.ONE_YEAR,
    encryptionKey,
  });
  return { logGroup, encryptionKey };
}
