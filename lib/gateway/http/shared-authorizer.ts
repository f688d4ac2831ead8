import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { apiAnchor } from './api-anchor';

/**
 * Binds an aws-cdk-lib route authorizer once, to the gateway's own API, so that it lives in
 * the gateway's stack (under the API, where the L2 puts it) even when the first route using
 * it is built in a nested stack. Routes in nested stacks then receive the authorizer's id as
 * a parameter instead of each shard creating an authorizer of its own: an HTTP API has at
 * most 10 authorizers, and one authorizer serves every route of an authorization.
 */
export class SharedAuthorizer implements apigwv2.IHttpRouteAuthorizer {
  private config?: apigwv2.HttpRouteAuthorizerConfig;

  constructor(
    /** The aws-cdk-lib authorizer. */
    public readonly inner: apigwv2.IHttpRouteAuthorizer,
    private readonly httpApi: apigwv2.HttpApi,
    /** What identifies the authorizer among the gateway's: the authorization it serves. */
    public readonly identity: string,
  ) {}

  public bind(_options: apigwv2.HttpRouteAuthorizerBindOptions): apigwv2.HttpRouteAuthorizerConfig {
    if (!this.config) this.config = this.inner.bind({ route: apiAnchor(this.httpApi), scope: this.httpApi });
    return this.config;
  }
}
