import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';

/**
 * Binds an aws-cdk-lib route integration under a fixed scope instead of under the first
 * route that uses it. The L2 creates a shared integration inside whichever route binds it
 * first, so removing that route would change the integration's logical id and replace it;
 * here the integration lives under the gateway with an id derived from what it targets.
 *
 * The timeout, when given, is written on the L1 integration: HTTP APIs take up to 30 seconds,
 * while aws-cdk-lib's HttpIntegration refuses anything past 29.
 */
export class SharedIntegration extends apigwv2.HttpRouteIntegration {
  private integrationConstruct?: apigwv2.HttpIntegration;

  constructor(
    private readonly scope: Construct,
    private readonly inner: apigwv2.HttpRouteIntegration,
    private readonly innerId: string,
    private readonly timeout?: Duration,
    private readonly responseParameters?: Record<string, unknown>,
  ) {
    super(innerId);
  }

  /** The created integration, once a route has bound it. */
  public get created(): apigwv2.HttpIntegration | undefined {
    return this.integrationConstruct;
  }

  public _bindToRoute(options: apigwv2.HttpRouteIntegrationBindOptions): { readonly integrationId: string } {
    const result = this.inner._bindToRoute({ route: options.route, scope: this.scope });
    if (!this.integrationConstruct) {
      this.integrationConstruct = this.scope.node.tryFindChild(this.innerId) as apigwv2.HttpIntegration | undefined;
      const cfn = this.integrationConstruct?.node.defaultChild as apigwv2.CfnIntegration | undefined;
      if (cfn && this.timeout) cfn.timeoutInMillis = this.timeout.toMilliseconds();
      // The L2 integrations take no response parameters; the L1 does (a deprecated route's headers).
      if (cfn && this.responseParameters) cfn.responseParameters = this.responseParameters;
    }
    return result;
  }

  public bind(options: apigwv2.HttpRouteIntegrationBindOptions): apigwv2.HttpRouteIntegrationConfig {
    return this.inner.bind(options);
  }
}
