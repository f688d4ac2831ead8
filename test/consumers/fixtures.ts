import { Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** A small REST API with one GET /orders method and one POST /orders/{orderId} method, for plans to meter. */
export function minimalRestApi(scope: Construct, id = 'Api'): apigw.RestApi {
  const accessLogs = new logs.LogGroup(scope, `${id}AccessLogs`, { retention: logs.RetentionDays.ONE_WEEK });
  const api = new apigw.RestApi(scope, id, {
    cloudWatchRole: false,
    deployOptions: {
      stageName: 'prod',
      accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      tracingEnabled: true,
    },
  });
  const validator = api.addRequestValidator('Validator', { validateRequestParameters: true, validateRequestBody: true });
  const integration = new apigw.MockIntegration({
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{ statusCode: '200' }],
  });
  const options: apigw.MethodOptions = {
    authorizationType: apigw.AuthorizationType.IAM,
    apiKeyRequired: true,
    requestValidator: validator,
    methodResponses: [{ statusCode: '200' }],
  };
  const orders = api.root.addResource('orders');
  orders.addMethod('GET', integration, options);
  orders.addResource('{orderId}').addMethod('POST', integration, options);
  // The fixture stands in for the gateway under test elsewhere; these findings concern it,
  // not the usage plans and keys these tests check.
  Validations.of(api).acknowledge(
    { id: 'AwsSolutions-APIG3', reason: 'test fixture: the WAF web ACL belongs to RestGateway, tested there' },
    { id: 'AwsSolutions-COG4', reason: 'test fixture: methods use IAM authorization, not a Cognito user pool' },
  );
  return api;
}

/** A stack to put plans in. */
export function fixtureStack(scope: Construct, id = 'Plans'): Stack {
  return new Stack(scope, id);
}
