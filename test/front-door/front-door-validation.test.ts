import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Authorization } from '../../lib/auth/authorization';
import { TopologyValidationError } from '../../lib/errors';
import { AlbFrontDoor, AlbFrontDoorProps } from '../../lib/front-door/alb-front-door';
import { NlbElasticIps, NlbFrontDoor, NlbFrontDoorProps, NlbFrontDoorProtocol } from '../../lib/front-door/nlb-front-door';
import { HttpGateway } from '../../lib/gateway/http-gateway';
import { HttpMethod } from '../../lib/routes/http-method';
import { RouteTarget } from '../../lib/routes/route-target';
import { DOMAIN, frontDoorFixture, FrontDoorFixture } from './fixtures';

function alb(props: (f: FrontDoorFixture) => Partial<AlbFrontDoorProps>, f: FrontDoorFixture = frontDoorFixture()): () => AlbFrontDoor {
  return () => new AlbFrontDoor(f.stack, 'FrontDoor', {
    gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate, ...props(f),
  });
}

function nlb(props: (f: FrontDoorFixture) => Partial<NlbFrontDoorProps>, f: FrontDoorFixture = frontDoorFixture()): () => NlbFrontDoor {
  return () => new NlbFrontDoor(f.stack, 'FrontDoor', {
    gateway: f.gateway, vpc: f.vpc, domainName: DOMAIN, certificate: f.certificate, ...props(f),
  });
}

/** Runs `build`, expecting a TopologyValidationError on `prop` whose message matches every pattern. */
function expectError(build: () => unknown, prop: string, ...patterns: RegExp[]): void {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TopologyValidationError);
  const err = error as TopologyValidationError;
  expect(err.constructPath).toBe('Stack/FrontDoor');
  expect(err.prop).toBe(prop);
  expect(err.message).toContain(`Stack/FrontDoor: invalid ${prop}`);
  for (const pattern of patterns) expect(err.message).toMatch(pattern);
}

function httpGateway(scope: Construct): HttpGateway {
  return new HttpGateway(scope, 'HttpApi', {
    routes: [{ method: HttpMethod.GET, path: '/items', target: RouteTarget.httpUrl('https://backend.example.com/items'), authorization: Authorization.none('test') }],
  });
}

describe('the gateway', () => {
  test('fails when it is an HttpGateway (ALB)', () => {
    expectError(alb((f) => ({ gateway: httpGateway(f.stack) })), 'gateway',
      /there are no private HTTP APIs/, /RestGateway with endpoint: RestEndpoint\.private/, /construct Stack\/HttpApi/);
  });

  test('fails when it is an HttpGateway (NLB)', () => {
    expectError(nlb((f) => ({ gateway: httpGateway(f.stack) })), 'gateway', /there are no private HTTP APIs/);
  });

  test('fails when it is a REGIONAL RestGateway, saying why and what to use', () => {
    const f = frontDoorFixture(undefined, { regional: true });
    expectError(alb(() => ({}), f), 'gateway',
      /REGIONAL/, /VPC endpoint, which serves private APIs only/, /RestEndpoint\.private/);
  });

  test('fails when it is not a gateway at all', () => {
    expectError(alb((f) => ({ gateway: f.vpc })), 'gateway', /not a RestGateway/);
  });
});

describe('certificate and domain', () => {
  test('fails when an ALB has neither a certificate nor a hosted zone to create one', () => {
    expectError(alb(() => ({ certificate: undefined })), 'certificate',
      /ALB front door terminates HTTPS with an ACM certificate/, /give certificate .* or hostedZone/);
  });

  test('fails when an NLB TLS listener has no certificate', () => {
    expectError(nlb(() => ({ certificate: undefined })), 'certificate', /NLB TLS listener terminates TLS with an ACM certificate/);
  });

  test('fails when an NLB passthrough has no certificate for the private domain', () => {
    expectError(nlb(() => ({ certificate: undefined, protocol: NlbFrontDoorProtocol.TCP_PASSTHROUGH })), 'certificate',
      /TCP passthrough the private custom domain name presents an ACM certificate/);
  });

  test.each([
    ['', /must not be empty/],
    ['localhost', /two labels/],
    ['https://api.example.com', /only letters, digits and hyphens/],
    ['api..example.com', /empty label/],
    [`${'a'.repeat(64)}.example.com`, /at most 63/],
  ])('fails when domainName is %j', (domainName, problem) => {
    expectError(alb(() => ({ domainName })), 'domainName', problem, /"api\.example\.com"/, /DomainNameFormat\.html/);
  });

  test('accepts a domain name with a label of 63 characters', () => {
    expect(alb(() => ({ domainName: `${'a'.repeat(63)}.example.com` }))).not.toThrow();
  });

  test('fails when the alias record name has an empty label', () => {
    expectError(alb((f) => ({ aliasRecord: { zone: f.zone, recordName: 'api..example.com' } })), 'aliasRecord.recordName', /empty label/);
  });

  test('accepts an alias record name relative to its zone, and a token', () => {
    const f = frontDoorFixture();
    expect(alb(() => ({ aliasRecord: { zone: f.zone, recordName: 'api' } }), f)).not.toThrow();
    const g = frontDoorFixture();
    const param = new CfnParameter(g.stack, 'Record');
    expect(alb(() => ({ aliasRecord: { zone: g.zone, recordName: param.valueAsString } }), g)).not.toThrow();
  });

  test('accepts a token domain name', () => {
    const f = frontDoorFixture();
    const param = new CfnParameter(f.stack, 'Domain');
    expect(alb(() => ({ domainName: param.valueAsString }), f)).not.toThrow();
  });

  test.each([
    ['/v1', /no empty levels/], ['v1/', /no empty levels/], ['a b', /holds a character/], ['v~1', /holds a character/],
    ['', /must not be empty/], ['a'.repeat(301), /at most 300 characters/],
  ])('fails when basePath is %j', (basePath, problem) => {
    expectError(alb(() => ({ basePath })), 'basePath', problem);
  });

  test.each(['v1', "orders/v1.2/$x_(y)!*'+-"])('accepts the base path %j', (basePath) => {
    expect(alb(() => ({ basePath }))).not.toThrow();
  });
});

describe('TLS policy', () => {
  test.each([elbv2.SslPolicy.RECOMMENDED, elbv2.SslPolicy.TLS11, elbv2.SslPolicy.TLS13_10, elbv2.SslPolicy.FORWARD_SECRECY])(
    'fails when the ALB policy is %s', (sslPolicy) => {
      expectError(alb(() => ({ sslPolicy })), 'sslPolicy', /admits TLS versions below 1\.2/, /RECOMMENDED_TLS/);
    });

  test('fails when the NLB policy admits TLS 1.0', () => {
    expectError(nlb(() => ({ sslPolicy: elbv2.SslPolicy.LEGACY })), 'sslPolicy', /below 1\.2/);
  });

  test('fails when an NLB passthrough is given a policy it cannot apply', () => {
    expectError(nlb(() => ({ sslPolicy: elbv2.SslPolicy.TLS13_13, protocol: NlbFrontDoorProtocol.TCP_PASSTHROUGH })), 'sslPolicy',
      /TCP passthrough listener does not terminate TLS/);
  });

  test.each([elbv2.SslPolicy.TLS13_RES, elbv2.SslPolicy.FIPS_TLS13_12, elbv2.SslPolicy.TLS12, elbv2.SslPolicy.FORWARD_SECRECY_TLS12_RES_GCM])(
    'accepts %s', (sslPolicy) => {
      expect(alb(() => ({ sslPolicy }))).not.toThrow();
    });
});

describe('mutual TLS', () => {
  test('fails when VERIFY mode has no trust store', () => {
    expectError(alb(() => ({ mutualTls: {} })), 'mutualTls.trustStore',
      /checks client certificates against a trust store, and none was given/, /caCertificatesBucket and caCertificatesKey/);
  });

  test('fails when both a trust store and a CA bundle are given', () => {
    const f = frontDoorFixture();
    const trustStore = elbv2.TrustStore.fromTrustStoreArn(f.stack, 'Trust', 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:truststore/t/0123');
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Cas', 'cas');
    expectError(alb(() => ({ mutualTls: { trustStore, caCertificatesBucket: bucket, caCertificatesKey: 'k.pem' } }), f),
      'mutualTls.caCertificatesBucket', /both a trust store and a CA bundle/);
  });

  test('fails when a CA bundle has no key', () => {
    const f = frontDoorFixture();
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Cas', 'cas');
    expectError(alb(() => ({ mutualTls: { caCertificatesBucket: bucket } }), f), 'mutualTls.caCertificatesKey', /needs both its bucket and its key/);
  });

  test('fails when passthrough mode is given a trust store', () => {
    const f = frontDoorFixture();
    const trustStore = elbv2.TrustStore.fromTrustStoreArn(f.stack, 'Trust', 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:truststore/t/0123');
    expectError(alb(() => ({ mutualTls: { trustStore, mode: elbv2.MutualAuthenticationMode.PASS_THROUGH } }), f),
      'mutualTls.mode', /used only in VERIFY mode/);
  });
});

describe('web ACL', () => {
  test.each([5, 100.5, 3_000_000_000])('fails when rateLimitPerFiveMinutes is %d', (rate) => {
    expectError(alb(() => ({ waf: { rateLimitPerFiveMinutes: rate } })), 'waf.rateLimitPerFiveMinutes',
      /from 10 to 2000000000 requests per five minutes/, /API_RateBasedStatement\.html/);
  });

  test.each([NaN, Infinity])('fails when rateLimitPerFiveMinutes is %p, saying what is wrong', (rate) => {
    expectError(alb(() => ({ waf: { rateLimitPerFiveMinutes: rate } })), 'waf.rateLimitPerFiveMinutes', Number.isNaN(rate) ? /not NaN/ : /must be finite/);
  });

  test('accepts the edges of the rate limit, and a token', () => {
    expect(alb(() => ({ waf: { rateLimitPerFiveMinutes: 10 } }))).not.toThrow();
    expect(alb(() => ({ waf: { rateLimitPerFiveMinutes: 2_000_000_000 } }))).not.toThrow();
    const f = frontDoorFixture();
    const param = new CfnParameter(f.stack, 'Rate', { type: 'Number' });
    expect(alb(() => ({ waf: { rateLimitPerFiveMinutes: param.valueAsNumber } }), f)).not.toThrow();
  });

  test('fails when a rate is given for a rate rule that is turned off', () => {
    expectError(alb(() => ({ waf: { rateLimit: false, rateLimitPerFiveMinutes: 100 } })), 'waf.rateLimitPerFiveMinutes', /rateLimit: false turns off/);
  });

  test('fails when every rule is turned off', () => {
    expectError(alb(() => ({ waf: { commonRuleSet: false, knownBadInputsRuleSet: false, ipReputationList: false, rateLimit: false } })), 'waf',
      /inspects nothing/, /enabled: false/);
  });
});

describe('load balancer name', () => {
  test.each([
    ['a'.repeat(33), /at most 32 characters/],
    ['internal-api', /"internal-"/],
    ['-api', /not starting or ending with a hyphen/],
    ['api_door', /only letters, digits and hyphens/],
    ['', /must not be empty/],
  ])('fails when loadBalancerName is %j', (loadBalancerName, problem) => {
    expectError(nlb(() => ({ loadBalancerName })), 'loadBalancerName', problem, /API_CreateLoadBalancer\.html/);
  });

  test('accepts a name of 32 characters, and a token', () => {
    expect(alb(() => ({ loadBalancerName: `a${'-'.repeat(30)}b` }))).not.toThrow();
    const f = frontDoorFixture();
    const param = new CfnParameter(f.stack, 'Name');
    expect(alb(() => ({ loadBalancerName: param.valueAsString }), f)).not.toThrow();
  });
});

describe('idle timeout', () => {
  test.each([[Duration.seconds(4001), /at most 4000 seconds/], [Duration.millis(1500), /whole number of seconds/], [Duration.seconds(0), /at least 1 second/]])(
    'fails when idleTimeout is %s', (idleTimeout, problem) => {
      expectError(alb(() => ({ idleTimeout })), 'idleTimeout', problem, /API_LoadBalancerAttribute\.html/);
    });

  test('accepts the edges, and a token', () => {
    expect(alb(() => ({ idleTimeout: Duration.seconds(4000) }))).not.toThrow();
    expect(alb(() => ({ idleTimeout: Duration.seconds(1) }))).not.toThrow();
    const f = frontDoorFixture();
    const param = new CfnParameter(f.stack, 'Idle', { type: 'Number' });
    expect(alb(() => ({ idleTimeout: Duration.seconds(param.valueAsNumber) }), f)).not.toThrow();
  });
});

describe('health check', () => {
  test.each<[elbv2.HealthCheck, string, RegExp]>([
    [{ interval: Duration.seconds(4) }, 'healthCheck.interval', /at least 5 seconds/],
    [{ interval: Duration.seconds(301) }, 'healthCheck.interval', /at most 300 seconds/],
    [{ timeout: Duration.seconds(1) }, 'healthCheck.timeout', /at least 2 seconds/],
    [{ timeout: Duration.seconds(60) }, 'healthCheck.timeout', /longer than its interval \(30 seconds\)/],
    [{ healthyThresholdCount: 1 }, 'healthCheck.healthyThresholdCount', /at least 2 checks/],
    [{ unhealthyThresholdCount: 11 }, 'healthCheck.unhealthyThresholdCount', /at most 10 checks/],
    [{ unhealthyThresholdCount: NaN }, 'healthCheck.unhealthyThresholdCount', /not NaN/],
    [{ healthyHttpCodes: '200-500' }, 'healthCheck.healthyHttpCodes', /from 200 to 499; "200-500" is outside/],
    [{ healthyHttpCodes: '299-200' }, 'healthCheck.healthyHttpCodes', /runs backwards/],
    [{ healthyHttpCodes: '200;201' }, 'healthCheck.healthyHttpCodes', /not a code or a range/],
    [{ path: 'health' }, 'healthCheck.path', /starts with "\/"/],
    [{ port: '70000' }, 'healthCheck.port', /at most 65535/],
    [{ port: 'any' }, 'healthCheck.port', /"traffic-port" or a port number/],
  ])('fails on an ALB when the health check is %j', (healthCheck, prop, problem) => {
    expectError(alb(() => ({ healthCheck })), prop, problem);
  });

  test('accepts the edges on an ALB', () => {
    expect(alb(() => ({
      healthCheck: { interval: Duration.seconds(300), timeout: Duration.seconds(120), healthyThresholdCount: 10, unhealthyThresholdCount: 2, healthyHttpCodes: '200,499' },
    }))).not.toThrow();
    expect(alb(() => ({ healthCheck: { interval: Duration.seconds(5), timeout: Duration.seconds(2) } }))).not.toThrow();
  });

  test('takes NLB codes up to 599 and refuses 600 on an NLB', () => {
    expect(nlb(() => ({ healthCheck: { healthyHttpCodes: '200-599' } }))).not.toThrow();
    expectError(nlb(() => ({ healthCheck: { healthyHttpCodes: '600' } })), 'healthCheck.healthyHttpCodes', /from 200 to 599/, /API_Matcher\.html/);
  });

  test('refuses gRPC codes on an NLB', () => {
    expectError(nlb(() => ({ healthCheck: { healthyGrpcCodes: '0' } })), 'healthCheck.healthyGrpcCodes', /Application Load Balancers/);
  });

  test('accepts tokens', () => {
    const f = frontDoorFixture();
    const n = new CfnParameter(f.stack, 'N', { type: 'Number' }).valueAsNumber;
    const codes = new CfnParameter(f.stack, 'Codes').valueAsString;
    expect(alb(() => ({ healthCheck: { interval: Duration.seconds(n), healthyThresholdCount: n, healthyHttpCodes: codes } }), f)).not.toThrow();
  });
});

describe('Elastic IPs', () => {
  test('fails when an internal NLB is given Elastic IPs', () => {
    expectError(nlb(() => ({ internetFacing: false, elasticIps: NlbElasticIps.create() })), 'elasticIps',
      /Elastic IPs are public addresses; an internal load balancer/, /internetFacing: true/);
  });

  test('fails when the allocation ids do not match the subnets one to one', () => {
    expectError(nlb(() => ({ elasticIps: NlbElasticIps.fromAllocationIds(['eipalloc-0aaa']) })), 'elasticIps',
      /has 2 subnets and takes exactly one Elastic IP per subnet/);
  });

  test('fails when an allocation id is an address', () => {
    expectError(nlb(() => ({ elasticIps: NlbElasticIps.fromAllocationIds(['eipalloc-0aaa', '203.0.113.7']) })), 'elasticIps',
      /not an Elastic IP allocation id/, /received "203\.0\.113\.7"/);
  });
});

describe('the rest of the props', () => {
  test.each([0, 7, 1.5])('fails when endpointZoneCount is %d', (endpointZoneCount) => {
    expectError(alb(() => ({ endpointZoneCount })), 'endpointZoneCount', /one network interface per availability zone, from 1 to 6/);
  });

  test('fails when accessLogRetention is not whole days', () => {
    expectError(alb(() => ({ accessLogRetention: Duration.hours(36) })), 'accessLogRetention', /an S3 lifecycle expiration must be a whole number of days/);
  });

  test('fails when accessLogRetention is given with an existing bucket', () => {
    const f = frontDoorFixture();
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Logs', 'logs');
    expectError(alb(() => ({ accessLogBucket: bucket, accessLogRetention: Duration.days(30) }), f), 'accessLogRetention',
      /given accessLogBucket keeps its own lifecycle rules/);
  });

  test('fails when the VPC has no public subnets for an internet-facing load balancer', () => {
    const f = frontDoorFixture();
    const isolated = new ec2.Vpc(f.stack, 'Isolated', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expectError(alb(() => ({ vpc: isolated }), f), 'vpc', /needs public subnets/);
  });

  test('fails when the VPC is not the one of the gateway\'s VPC endpoint', () => {
    const f = frontDoorFixture();
    const other = new ec2.Vpc(f.stack, 'Other', { maxAzs: 2, natGateways: 0 });
    expectError(nlb(() => ({ vpc: other }), f), 'vpc', /execute-api VPC endpoint is in another VPC/, /RestEndpoint\.private/);
  });
});
