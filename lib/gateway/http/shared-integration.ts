import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { apiAnchor } from './api-anchor';

/**
 * Binds an aws-cdk-lib route integration under a fixed scope instead of under the first
 * route that uses it. The L2 creates a shared integration inside whichever route binds it
 * first, so removing that route would change the integration's logical id and replace it;
 * here the integration lives under the gateway with an id derived from what it targets.
 *
 * It is bound once, to the gateway's own API: the integration (and a Lambda target's
 * permission) lives in the gateway's stack even when the route binding it first is built in a
 * nested stack, and routes in nested stacks receive its id as a parameter. Later routes get
 * the id without binding again, which also spares aws-cdk-lib's search of the whole stack for
 * an existing Lambda permission on every route.
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
    private readonly httpApi: apigwv2.IHttpApi,
    private readonly timeout?: Duration,
    private readonly responseParameters?: Record<string, unknown>,
  ) {
    super(innerId);
  }

  /** What identifies the integration among the gateway's: its construct id. */
  public get identity(): string {
    return this.innerId;
  }

  /** The created integration, once a route has bound it. */
  public get created(): apigwv2.HttpIntegration | undefined {
    return this.integrationConstruct;
  }

  public _bindToRoute(_options: apigwv2.HttpRouteIntegrationBindOptions): { readonly integrationId: string } {
    if (!this.integrationConstruct) {
      this.inner._bindToRoute({ route: apiAnchor(this.httpApi), scope: this.scope });
      this.integrationConstruct = this.scope.node.findChild(this.innerId) as apigwv2.HttpIntegration;
      const cfn = this.integrationConstruct.node.defaultChild as apigwv2.CfnIntegration;
      if (this.timeout) cfn.timeoutInMillis = this.timeout.toMilliseconds();
      // The L2 integrations take no response parameters; the L1 does (a deprecated route's headers).
      if (this.responseParameters) cfn.responseParameters = this.responseParameters;
    }
    return { integrationId: this.integrationConstruct.integrationId };
  }

  public bind(options: apigwv2.HttpRouteIntegrationBindOptions): apigwv2.HttpRouteIntegrationConfig {
    return this.inner.bind(options);
  }
}
