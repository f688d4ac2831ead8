import { NestedStack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';

/** Props of {@link HttpRouteShard}. */
export interface HttpRouteShardProps {
  /** The API whose routes the shard holds. */
  readonly httpApi: apigwv2.IHttpApi;
  /** What the shard holds, for the nested stack's description. */
  readonly description: string;
}

/**
 * A nested stack holding some routes of a large HTTP API. It works on an imported view of
 * the API (its id only): the API, stage, authorizers and integrations stay in the gateway's
 * stack, and only their ids cross the stack boundary, as parameters.
 *
 * @example
 * // HttpGateway creates the shards past 300 routes; read them from the gateway:
 * for (const shard of gateway.shards) {
 *   console.log(shard.node.path);
 * }
 */
export class HttpRouteShard extends NestedStack {
  /** The API as seen from this stack. */
  public readonly httpApi: apigwv2.IHttpApi;

  constructor(scope: Construct, id: string, props: HttpRouteShardProps) {
    super(scope, id, { description: props.description });
    this.httpApi = apigwv2.HttpApi.fromHttpApiAttributes(this, 'HttpApi', { httpApiId: props.httpApi.apiId });
  }
}
