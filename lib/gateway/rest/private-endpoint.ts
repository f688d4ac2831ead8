import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { privateSubnets } from '../shared-vpc-link';

/**
 * Creates the execute-api interface endpoint of a private API in the VPC's private
 * subnets. `open` admits HTTPS from the VPC's CIDR only, which is where the front door
 * load balancers and internal callers sit.
 */
export function createExecuteApiEndpoint(scope: Construct, id: string, vpc: ec2.IVpc, privateDnsEnabled: boolean): ec2.InterfaceVpcEndpoint {
  const endpoint = new ec2.InterfaceVpcEndpoint(scope, id, {
    vpc,
    service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
    subnets: { subnets: privateSubnets(scope, 'endpoint.vpc', vpc) },
    privateDnsEnabled,
    open: true,
  });
  for (const sg of endpoint.connections.securityGroups) {
    Validations.of(sg).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'Ingress is HTTPS from the VPC\'s own CIDR only; the CIDR is a deploy-time value nag cannot read',
    });
  }
  return endpoint;
}

/**
 * The resource policy of a private API: `execute-api:Invoke` is allowed only with
 * `aws:SourceVpce` equal to the endpoint, and an explicit Deny covers every other source,
 * so a later Allow (an IAM policy of another account, say) cannot widen it.
 */
export function privateApiPolicy(vpcEndpointId: string): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'AllowInvokeFromVpcEndpoint',
        effect: iam.Effect.ALLOW,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringEquals: { 'aws:SourceVpce': vpcEndpointId } },
      }),
      new iam.PolicyStatement({
        sid: 'DenyInvokeFromElsewhere',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': vpcEndpointId } },
      }),
    ],
  });
}
