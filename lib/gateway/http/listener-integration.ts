import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

/** Options for {@link ListenerIntegration}. */
export interface ListenerIntegrationOptions {
  /** The ALB or NLB listener to send requests to. */
  readonly listenerArn: string;
  /** The VPC link that reaches the listener. */
  readonly vpcLink: apigwv2.IVpcLink;
  /** Header and path mappings. */
  readonly parameterMapping?: apigwv2.ParameterMapping;
  /** How long the gateway waits. */
  readonly timeout?: Duration;
}

/**
 * A private HTTP_PROXY integration on a load balancer listener, given by ARN.
 *
 * aws-cdk-lib's HttpAlbIntegration/HttpNlbIntegration need listener objects; a backend
 * imported by ARN has none, and the integration both build is the same: integrationUri =
 * listener ARN, connection through the VPC link. One class serves ALB and NLB alike.
 */
export class ListenerIntegration extends apigwv2.HttpRouteIntegration {
  constructor(id: string, private readonly options: ListenerIntegrationOptions) {
    super(id);
  }

  public bind(_options: apigwv2.HttpRouteIntegrationBindOptions): apigwv2.HttpRouteIntegrationConfig {
    return {
      type: apigwv2.HttpIntegrationType.HTTP_PROXY,
      connectionType: apigwv2.HttpConnectionType.VPC_LINK,
      connectionId: this.options.vpcLink.vpcLinkId,
      uri: this.options.listenerArn,
      method: apigwv2.HttpMethod.ANY,
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_1_0,
      parameterMapping: this.options.parameterMapping,
      timeout: this.options.timeout,
    };
  }
}
