import { Lazy } from 'aws-cdk-lib';
import { TopologyValidationError } from '../../lib/errors';
import {
  ApiFlavour, checkApiMappingKey, checkAuthorizerContextKey, checkClaimName, checkContextVariable, checkHeaderName,
  checkHttpsUrl, checkIdentitySource, translateIdentitySource,
} from '../../lib/private/aws-rules';

// Each row: a check, values AWS accepts (the edges among them), values it refuses with a word
// of the message. No synth: the checks take a path string for the construct.
type Check = (value: string) => void;
interface Case { readonly name: string; readonly check: Check; readonly good: string[]; readonly bad: Array<[string, RegExp]> }

const token = Lazy.string({ produce: () => 'custom:tenant_id' });
const at = 'Stack/Api';

const CASES: Case[] = [
  { name: 'claim name on HTTP APIs', check: (v) => checkClaimName(at, 'identityHeaders.tenantIdClaim', v, 'HTTP'),
    good: ['sub', 'tenant_id', 'org.id', 'A9_'],
    bad: [['custom:tenant_id', /HTTP API parameter mapping reads a claim whose name holds only letters, digits, "\." and "_"/],
      ['cognito:username', /JwtAuthorizerFunction/], ['tenant-id', /only/], ['', /only/], ['a..b', /only/], ['.a', /only/]] },
  { name: 'claim name on REST APIs', check: (v) => checkClaimName(at, 'identityHeaders.tenantIdClaim', v, 'REST'),
    good: ['sub', 'tenant-id', 'org.id', 'a$b'],
    bad: [['custom:tenant_id', /REST API parameter mapping reads a claim.*rest-api-parameter-mapping-sources/], ['a b', /only/]] },
  { name: 'authorizer context key', check: (v) => checkAuthorizerContextKey(at, 'userIdKey', v),
    good: ['userId', 'tenant_id', 'X9'],
    bad: [['tenant-id', /only letters, digits and "_"/], ['a.b', /only/], ['', /only/]] },
  { name: 'context variable on HTTP APIs', check: (v) => checkContextVariable(at, 'injectHeaders.X', v, 'HTTP'),
    good: ['requestId', 'identity.sourceIp', 'authorizer.claims.sub'],
    bad: [['identity-sourceIp', /not a context variable an HTTP API mapping can read/], ['$context.requestId', /without "\$context\."/]] },
  { name: 'context variable on REST APIs', check: (v) => checkContextVariable(at, 'injectHeaders.X', v, 'REST'),
    good: ['requestId', 'identity.sourceIp', 'a-b'],
    bad: [['a:b', /not a context variable a REST API mapping can read/], ['$requestId', /not a context variable/]] },
  { name: 'header name on HTTP APIs', check: (v) => checkHeaderName(at, 'identityHeaders.userIdHeader', v, 'HTTP'),
    good: ['X-User-ID', 'x_user.id', "X-A!#$%&'*+^`|~"],
    bad: [['X User', /not a valid HTTP header name/], ['X:User', /not a valid HTTP header name/], ['', /not a valid/]] },
  { name: 'header name on REST APIs', check: (v) => checkHeaderName(at, 'identityHeaders.userIdHeader', v, 'REST'),
    good: ['X-User-ID', 'x_user.id', 'X$Y'],
    bad: [['X-User!', /integration\.request\.header\.<name>, whose name holds only/], ['X User', /not a valid HTTP header name/]] },
  { name: 'identity source on HTTP APIs', check: (v) => { checkIdentitySource(at, 'identitySources[0]', v, 'HTTP'); },
    good: ['$request.header.Authorization', '$request.querystring.api-key', '$context.routeKey', '$stageVariables.auth_key'],
    bad: [['method.request.header.Authorization', /not the REST API's.*Fix: write "\$request\.header\.Authorization"/],
      ['context.routeKey', /Fix: write "\$context\.routeKey"/], ['stageVariables.k', /Fix: write "\$stageVariables\.k"/],
      ['$request.path.id', /not an identity source an HTTP API understands/], ['Authorization', /not an identity source/],
      ['$request.header.X Token', /not a valid HTTP header name/], ['$context.a:b', /not a context variable/],
      ['$stageVariables.a-b', /stage variable name holds only/], ['$request.querystring.a b', /query string identity source/]] },
  { name: 'identity source on REST APIs', check: (v) => { checkIdentitySource(at, 'identitySources[0]', v, 'REST'); },
    good: ['$request.header.Authorization', 'method.request.header.Authorization', 'method.request.querystring.tenant', 'context.routeKey', 'stageVariables.k'],
    bad: [['$request.path.id', /not an identity source a REST API understands/], ['method.request.path.id', /not an identity source/],
      ['method.request.header.X!', /integration\.request\.header/]] },
  { name: 'API mapping key', check: (v) => checkApiMappingKey(at, 'customDomain.mappingKey', v),
    good: ['v1', 'orders/v1/items', "a$-_.+!*'()", 'a'.repeat(300)],
    bad: [['', /must not be empty/], ['/v1', /no leading, trailing or doubled/], ['v1/', /no leading/], ['a//b', /doubled/],
      ['a'.repeat(301), /at most 300 characters/], ['v 1', /holds a character/], ['v1?x', /holds a character/]] },
  { name: 'https URL', check: (v) => checkHttpsUrl(at, 'issuer', v, 'a JWT issuer', 'keys over TLS', 'give an https URL'),
    good: ['https://auth.example.com/', 'https://localhost:8443/realms/x', 'https://203.0.113.7/', 'https://a.example.com/{id}'],
    bad: [['http://auth.example.com/', /must be an https URL \(keys over TLS\)/], ['https://auth example.com/', /not a URL/],
      ['https://auth_x.example.com/', /invalid issuer \(host\)/], ['auth.example.com', /not a URL/], ['https://a..b/', /empty label/]] },
];

describe.each(CASES)('$name', ({ name, check, good, bad }) => {
  test.each(good)('accepts %p', (value) => {
    expect(() => check(value)).not.toThrow();
  });
  test.each(bad)('fails on %p', (value, message) => {
    expect(() => check(value)).toThrow(TopologyValidationError);
    expect(() => check(value)).toThrow(message);
  });
  test('accepts a token', () => {
    expect(() => check(token)).not.toThrow();
  });
  // An identity source is an entry of a list, never an optional prop of its own.
  if (!name.startsWith('identity source')) {
    test('accepts undefined, a prop not given', () => {
      expect(() => check(undefined as unknown as string)).not.toThrow();
    });
  }
});

test('the message names the construct path, the prop, the value and the fix', () => {
  expect(() => checkClaimName(at, 'identityHeaders.tenantIdClaim', 'custom:tenant_id', 'HTTP'))
    .toThrow(/^Stack\/Api: invalid identityHeaders\.tenantIdClaim: .* \(received "custom:tenant_id"\)\. Fix: use a claim with such a name .*http-api-parameter-mapping\.html/);
});

test.each<[string, ApiFlavour, string]>([
  ['$request.header.Authorization', 'REST', 'method.request.header.Authorization'],
  ['$request.querystring.t', 'REST', 'method.request.querystring.t'],
  ['$context.routeKey', 'REST', 'context.routeKey'],
  ['$stageVariables.k', 'REST', 'stageVariables.k'],
  ['method.request.header.A', 'REST', 'method.request.header.A'],
  ['method.request.header.A', 'HTTP', '$request.header.A'],
])('translates %p to the %s syntax', (source, flavour, expected) => {
  expect(translateIdentitySource(source, flavour)).toBe(expected);
  expect(checkIdentitySource(at, 'p', source, 'REST')).toBe(translateIdentitySource(source, 'REST'));
});
