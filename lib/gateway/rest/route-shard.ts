import { NestedStack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';

/** Props of {@link RestRouteShard}. */
export interface RestRouteShardProps {
  /** The API whose resources and methods the shard holds. */
  readonly restApi: apigw.IRestApi;
  /** What the shard holds, for the nested stack's description. */
  readonly description: string;
}

/**
 * A nested stack holding some whole subtrees of a large REST API's resources and
 * methods. It works on an imported view of the API (id and root resource id only), so
 * nothing but those ids, and the parents of its subtrees, crosses the stack boundary.
 *
 * @example
 * // RestGateway creates the shards past about 300 resources; read them from the gateway:
 * for (const shard of gateway.shards) {
 *   console.log(shard.node.path);
 * }
 */
export class RestRouteShard extends NestedStack {
  /** The API as seen from this stack. */
  public readonly restApi: apigw.IRestApi;

  constructor(scope: Construct, id: string, props: RestRouteShardProps) {
    super(scope, id, { description: props.description });
    this.restApi = apigw.RestApi.fromRestApiAttributes(this, 'RestApi', {
      restApiId: props.restApi.restApiId,
      rootResourceId: props.restApi.restApiRootResourceId,
    });
  }
}
