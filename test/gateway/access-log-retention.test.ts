import * as logs from 'aws-cdk-lib/aws-logs';
import { Template } from 'aws-cdk-lib/assertions';
import { Authorization } from '../../lib/auth/authorization';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { RestGateway } from '../../lib/gateway/rest-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { albBackend, gatewayStack } from './http-gateway.fixtures';

// Both flavours write their access logs through one helper, so both refuse the same values.
const FLAVOURS = [
  ['HttpGateway', HttpGateway],
  ['RestGateway', RestGateway],
] as const;

describe.each(FLAVOURS)('%s access-log retention', (_name, Gateway) => {
  function build(accessLogRetention: logs.RetentionDays) {
    const { stack, vpc } = gatewayStack();
    const orders = albBackend(stack, 'orders', vpc);
    new Gateway(stack, 'Gateway', {
      defaultAuthorization: Authorization.iam(),
      accessLogRetention,
      routes: [{ method: HttpMethod.GET, path: '/orders', target: RouteTarget.service(orders) }],
    });
    return stack;
  }

  test('fails when the retention is not a value CloudWatch Logs accepts', () => {
    expect(() => build(2 as logs.RetentionDays)).toThrow(/Stack\/Gateway: invalid accessLogRetention: not a CloudWatch Logs retention in days \(received 2\)/);
  });

  test('accepts the longest retention and keeps it', () => {
    Template.fromStack(build(logs.RetentionDays.TEN_YEARS)).hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 3653,
    });
  });
});
