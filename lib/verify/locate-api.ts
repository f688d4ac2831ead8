import { CloudFormationClient, DescribeStackResourcesCommand, StackResource } from '@aws-sdk/client-cloudformation';
import { AssemblyGateway } from './cloud-assembly';
import { explainAwsError, VerifyUsageError } from './verify-error';

/**
 * The id of a gateway's deployed API, found through CloudFormation: the physical id of the
 * API's logical id in the stack (through nested stacks when the API lives in one).
 */
export async function locateApi(cloudformation: CloudFormationClient, entry: AssemblyGateway, region: string): Promise<string> {
  const topStack = entry.manifest.stack.stackName;
  let stack = topStack;
  for (const nested of entry.gateway.nestedStacks ?? []) {
    stack = await physicalId(cloudformation, stack, nested, 'AWS::CloudFormation::Stack', topStack, region);
  }
  return physicalId(cloudformation, stack, entry.gateway.logicalId, entry.gateway.resourceType, topStack, region);
}

async function physicalId(client: CloudFormationClient, stack: string, logicalId: string, type: string, topStack: string, region: string): Promise<string> {
  let resources: StackResource[];
  try {
    const answer = await client.send(new DescribeStackResourcesCommand({ StackName: stack, LogicalResourceId: logicalId }));
    resources = answer.StackResources ?? [];
  } catch (e) {
    const message = String((e as Error)?.message ?? '');
    if ((e as { name?: string }).name === 'ValidationError' && /stack .* does not exist/i.test(message)) {
      throw new VerifyUsageError(`stack ${stack} is not deployed in ${region}: run \`cdk deploy ${topStack}\` first, or pass --region with the region it is deployed in`);
    }
    if ((e as { name?: string }).name === 'ValidationError' && /resource .* does not exist/i.test(message)) resources = [];
    else {
      throw explainAwsError(e, {
        action: 'cloudformation:DescribeStackResources', subject: `stack ${stack}`, region,
        whenMissing: `run \`cdk deploy ${topStack}\` first`,
      });
    }
  }
  const resource = resources.find((r) => r.LogicalResourceId === logicalId);
  if (!resource || !resource.PhysicalResourceId) {
    throw new VerifyUsageError(`stack ${stack} in ${region} has no resource ${logicalId} (${type}): the deployed stack is older than the app; run \`cdk deploy ${topStack}\``);
  }
  if (resource.ResourceType && resource.ResourceType !== type) {
    throw new VerifyUsageError(`resource ${logicalId} of stack ${stack} is a ${resource.ResourceType}, not a ${type}: synthesize and deploy the same app (\`cdk deploy ${topStack}\`)`);
  }
  if (/FAILED|DELETE_COMPLETE/.test(resource.ResourceStatus ?? '')) {
    throw new VerifyUsageError(`resource ${logicalId} of stack ${stack} is ${resource.ResourceStatus}: fix the stack (\`cdk deploy ${topStack}\`) before verifying`);
  }
  return resource.PhysicalResourceId;
}
