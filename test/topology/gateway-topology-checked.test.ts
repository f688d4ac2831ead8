import { Template } from 'aws-cdk-lib/assertions';
import { GatewayTopology } from '../../lib/topology/gateway-topology';
import { TopologyFrontDoor } from '../../lib/topology/topology-front-door';
import { TopologyGateway } from '../../lib/topology/topology-gateway';
import { cdkValidation, checkedApp, synthChecked } from '../helpers/checked-app';
import { baseProps, certificateOf, DOMAIN, GRPC_SERVICES, JWT, topologyStack } from './fixtures';

// These synths check that CDK's CloudFormation validation passes, with its errors fatal.
cdkValidation();

describe('GatewayTopology through cdk-nag and cfn-lint', () => {
  test('ALB → private REST API → services and gRPC passes with no unacknowledged finding', () => {
    // GIVEN
    const app = checkedApp();
    const stack = topologyStack(app);
    // WHEN
    new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      grpcServices: GRPC_SERVICES,
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.alb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    });
    // THEN
    const assembly = synthChecked(app);
    const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('HTTP API → services and gRPC with no front door passes with no unacknowledged finding', () => {
    // GIVEN
    const app = checkedApp();
    const stack = topologyStack(app);
    // WHEN
    new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      grpcServices: GRPC_SERVICES,
      gateway: TopologyGateway.http({ defaultAuthorization: JWT }),
    });
    // THEN
    const assembly = synthChecked(app);
    Template.fromJSON(assembly.getStackByName(stack.stackName).template).resourceCountIs('AWS::ApiGatewayV2::Api', 1);
  });

  test('NLB → private REST API passes with no unacknowledged finding', () => {
    // GIVEN
    const app = checkedApp();
    const stack = topologyStack(app);
    // WHEN
    new GatewayTopology(stack, 'Edge', {
      ...baseProps(),
      gateway: TopologyGateway.rest({ defaultAuthorization: JWT }),
      frontDoor: TopologyFrontDoor.nlb({ domainName: DOMAIN, certificate: certificateOf(stack) }),
    });
    // THEN
    const assembly = synthChecked(app);
    Template.fromJSON(assembly.getStackByName(stack.stackName).template)
      .hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: 'network', Scheme: 'internet-facing' });
  });
});
