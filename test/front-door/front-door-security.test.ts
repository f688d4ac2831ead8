import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AlbFrontDoor } from '../../lib/front-door/alb-front-door';
import { NlbFrontDoor, NlbFrontDoorProtocol } from '../../lib/front-door/nlb-front-door';
import { DOMAIN, frontDoorFixture, FrontDoorFixture, resourcesOf } from './fixtures';

/**
 * Security properties every front door must keep, whatever its options: the API and its
 * private domain admit only the front door's VPC endpoint, the load balancer's security
 * group admits only the listener ports, and nothing speaks plain HTTP to the endpoint.
 */

type Door = AlbFrontDoor | NlbFrontDoor;

const VARIANTS: Array<[string, (f: FrontDoorFixture) => Door, number[]]> = [
  ['AlbFrontDoor', (f) => new AlbFrontDoor(f.stack, 'FrontDoor', { gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate }), [80, 443]],
  ['NlbFrontDoor (TLS)', (f) => new NlbFrontDoor(f.stack, 'FrontDoor', { gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate }), [443]],
  ['NlbFrontDoor (TCP passthrough)', (f) => new NlbFrontDoor(f.stack, 'FrontDoor', {
    gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate, protocol: NlbFrontDoorProtocol.TCP_PASSTHROUGH,
  }), [443]],
];

function build(make: (f: FrontDoorFixture) => Door, widen?: (f: FrontDoorFixture) => void) {
  const f = frontDoorFixture();
  const door = make(f);
  widen?.(f);
  const template = Template.fromStack(f.stack);
  // The endpoint the front door sends through is the one its private domain is associated with.
  const endpointRef = resourcesOf(template, 'AWS::ApiGateway::DomainNameAccessAssociation')[0].props.AccessAssociationSource;
  return { ...f, door, template, endpointRef };
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Throws unless every Allow of `policy` is conditioned on `aws:SourceVpce` equal to the
 * endpoint and a Deny of execute-api:Invoke covers every other source.
 */
function expectOnlyEndpoint(policy: any, endpointRef: unknown): void {
  const statements: any[] = asArray(policy?.Statement);
  const allows = statements.filter((s) => s.Effect === 'Allow');
  expect(allows.length).toBeGreaterThan(0);
  for (const allow of allows) {
    expect(allow.Condition?.StringEquals?.['aws:SourceVpce']).toEqual(endpointRef);
  }
  const denyOthers = statements.filter((s) => s.Effect === 'Deny'
    && asArray(s.Action).includes('execute-api:Invoke')
    && asArray(s.Resource).includes('execute-api:/*')
    && (s.Principal === '*' || s.Principal?.AWS === '*')
    && JSON.stringify(s.Condition?.StringNotEquals?.['aws:SourceVpce']) === JSON.stringify(endpointRef));
  expect(denyOthers).toHaveLength(1);
}

describe.each(VARIANTS)('%s', (_name, make, ports) => {
  test('the private API\'s resource policy admits only the front door\'s VPC endpoint', () => {
    // GIVEN / WHEN
    const { template, endpointRef } = build(make);
    // THEN
    const apis = resourcesOf(template, 'AWS::ApiGateway::RestApi');
    expect(apis).toHaveLength(1);
    expect(apis[0].props.EndpointConfiguration.Types).toEqual(['PRIVATE']);
    expectOnlyEndpoint(apis[0].props.Policy, endpointRef);
  });

  test('the private domain name\'s policy admits only the front door\'s VPC endpoint', () => {
    // GIVEN / WHEN
    const { template, endpointRef } = build(make);
    // THEN
    const domains = resourcesOf(template, 'AWS::ApiGateway::DomainNameV2');
    expect(domains).toHaveLength(1);
    expectOnlyEndpoint(domains[0].props.Policy, endpointRef);
  });

  test('the endpoint the domain is associated with is the API\'s own VPC endpoint', () => {
    // GIVEN / WHEN
    const { endpointRef, gateway, stack } = build(make);
    // THEN
    expect(endpointRef).toEqual(stack.resolve(gateway.vpcEndpoint!.vpcEndpointId));
  });

  test(`the security group admits only TCP ${ports.join(' and ')} and sends only HTTPS to the endpoint's security group`, () => {
    // GIVEN / WHEN
    const { template, door, stack, gateway } = build(make);
    // THEN
    const sgId = stack.resolve(door.securityGroup.securityGroupId);
    const sgLogicalId = sgId['Fn::GetAtt'][0];
    const sg = template.toJSON().Resources[sgLogicalId].Properties;
    const ingress = [
      ...asArray<any>(sg.SecurityGroupIngress),
      ...resourcesOf(template, 'AWS::EC2::SecurityGroupIngress').map((r) => r.props).filter((p) => JSON.stringify(p.GroupId) === JSON.stringify(sgId)),
    ];
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule.IpProtocol).toBe('tcp');
      expect(rule.FromPort).toBe(rule.ToPort);
      expect(ports).toContain(rule.FromPort);
    }
    expect([...new Set(ingress.map((r) => r.FromPort))].sort()).toEqual([...ports].sort());

    const egress = [
      ...asArray<any>(sg.SecurityGroupEgress),
      ...resourcesOf(template, 'AWS::EC2::SecurityGroupEgress').map((r) => r.props).filter((p) => JSON.stringify(p.GroupId) === JSON.stringify(sgId)),
    ];
    const endpointSgs = (gateway.vpcEndpoint!.connections.securityGroups).map((g) => JSON.stringify(stack.resolve(g.securityGroupId)));
    expect(egress.length).toBeGreaterThan(0);
    for (const rule of egress) {
      expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
      expect(endpointSgs).toContain(JSON.stringify(rule.DestinationSecurityGroupId));
      expect(rule.CidrIp).toBeUndefined();
    }
  });

  test('no target group speaks plain HTTP to the endpoint', () => {
    // GIVEN / WHEN
    const { template } = build(make);
    // THEN
    const groups = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(groups.length).toBeGreaterThan(0);
    const listeners = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener');
    for (const { props } of groups) {
      expect(props.Port).toBe(443);
      expect(props.HealthCheckProtocol).toBe('HTTPS');
      if (props.Protocol === 'TCP') {
        // Passthrough: the client's own TLS session runs to the endpoint, so only TCP listeners may feed it.
        expect(listeners.map((l) => l.props.Protocol)).toEqual(['TCP']);
      } else {
        expect(['HTTPS', 'TLS']).toContain(props.Protocol);
      }
    }
  });
});

describe('the endpoint-only policy check', () => {
  test('fails when the API\'s resource policy also admits another source', () => {
    // GIVEN
    const { template, endpointRef } = build(VARIANTS[0][1], (f) => {
      f.gateway.restApi.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.AccountRootPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
      }));
    });
    // WHEN
    const policy = resourcesOf(template, 'AWS::ApiGateway::RestApi')[0].props.Policy;
    // THEN
    expect(() => expectOnlyEndpoint(policy, endpointRef)).toThrow();
  });

  test('fails when the deny of other sources is missing', () => {
    // GIVEN
    const { template, endpointRef } = build(VARIANTS[0][1]);
    const policy = resourcesOf(template, 'AWS::ApiGateway::RestApi')[0].props.Policy;
    // WHEN
    const allowsOnly = { ...policy, Statement: policy.Statement.filter((s: any) => s.Effect === 'Allow') };
    // THEN
    expect(() => expectOnlyEndpoint(allowsOnly, endpointRef)).toThrow();
  });
});
