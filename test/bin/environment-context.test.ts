import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { containerImage, PLACEHOLDER_SETTINGS, settingsFromContext } from '../../bin/environment-context';

describe('settingsFromContext', () => {
  test('without context the placeholders are used, so the app synthesizes with no account', () => {
    expect(settingsFromContext(new App().node)).toEqual(PLACEHOLDER_SETTINGS);
  });

  test('a -c value wins over the gatewayTopology block, which wins over the placeholder', () => {
    const app = new App({
      context: {
        gatewayTopology: { issuer: 'https://block.example.org/', zoneName: 'acme.io', domainName: 'api.acme.io', hostedZoneId: 'Z0ABC' },
        issuer: 'https://login.acme.io/',
        account: '123456789012',
      },
    });
    expect(settingsFromContext(app.node)).toEqual({
      ...PLACEHOLDER_SETTINGS,
      issuer: 'https://login.acme.io/', zoneName: 'acme.io', domainName: 'api.acme.io', hostedZoneId: 'Z0ABC', account: '123456789012',
    });
  });

  test.each([
    [{ issuer: 'http://login.acme.io/' }, /context "issuer" must be the https URL/],
    [{ domainName: 'api.other.org' }, /context "domainName" \(api.other.org\) must be in the hosted zone "zoneName" \(example.com\)/],
    [{ hostedZoneId: 'example.com' }, /context "hostedZoneId" must be a Route 53 hosted zone id/],
    [{ account: '1234' }, /context "account" must be a 12-digit AWS account id/],
    [{ gatewayTopology: { isuer: 'https://x/' } }, /context "gatewayTopology" has unknown keys isuer/],
    [{ audience: '' }, /context "audience" must be a non-empty string/],
  ])('fails when context is %j', (context, message) => {
    expect(() => settingsFromContext(new App({ context }).node)).toThrow(message);
  });
});

describe('containerImage', () => {
  test('a private ECR image is imported as a repository with its tag, so the task may pull it', () => {
    const stack = new Stack();
    const image = containerImage(stack, 'Orders', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/orders:1.4.2');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    const config = image.bind(stack, task.addContainer('c', { image }));
    expect(stack.resolve(config.imageName)).toEqual({
      'Fn::Join': ['', ['123456789012.dkr.ecr.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/team/orders:1.4.2']],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: Match.arrayWith(['ecr:BatchGetImage']),
        Resource: 'arn:aws:ecr:eu-west-1:123456789012:repository/team/orders',
      })]) },
    });
  });

  test('any other image is pulled from its registry as given', () => {
    const stack = new Stack();
    const image = containerImage(stack, 'Orders', 'public.ecr.aws/nginx/nginx:stable');
    expect(image).toBeInstanceOf(ecs.RepositoryImage);
  });
});
