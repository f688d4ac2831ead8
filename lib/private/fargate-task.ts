import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/** What a backend's Fargate task is made of. */
export interface FargateTaskOptions {
  readonly vpc: ec2.IVpc;
  readonly cluster?: ecs.ICluster;
  readonly image: ecs.ContainerImage;
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly environment?: Record<string, string>;
  readonly secrets?: Record<string, ecs.Secret>;
  readonly logRetention?: logs.RetentionDays;
  /** The container's construct id (public API: it names the container in the template). */
  readonly containerId: string;
  readonly containerName?: string;
  readonly streamPrefix: string;
  readonly portMapping: ecs.PortMapping;
  readonly runtimePlatform?: ecs.RuntimePlatform;
}

/** The cluster, log group, task definition and container of a backend. */
export interface FargateTask {
  readonly cluster: ecs.ICluster;
  readonly logGroup: logs.LogGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
}

/**
 * The Fargate task of an HTTP or gRPC backend (ids `Cluster`, `LogGroup`, `TaskDefinition`
 * under `backend`), with the cdk-nag acknowledgements every such task needs.
 */
export function fargateTask(backend: IConstruct, options: FargateTaskOptions): FargateTask {
  const cluster = options.cluster ?? new ecs.Cluster(backend, 'Cluster', {
    vpc: options.vpc,
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
  });
  const logGroup = new logs.LogGroup(backend, 'LogGroup', {
    retention: options.logRetention ?? logs.RetentionDays.THREE_MONTHS,
  });
  const taskDefinition = new ecs.FargateTaskDefinition(backend, 'TaskDefinition', {
    cpu: options.cpu,
    memoryLimitMiB: options.memoryLimitMiB,
    runtimePlatform: options.runtimePlatform,
  });
  const container = taskDefinition.addContainer(options.containerId, {
    containerName: options.containerName,
    image: options.image,
    portMappings: [options.portMapping],
    environment: options.environment ? { ...options.environment } : undefined,
    secrets: options.secrets ? { ...options.secrets } : undefined,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: options.streamPrefix }),
  });
  Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ECS grants the execution role ecr:GetAuthorizationToken to pull private images, and that action has no resource-level permissions',
  });
  if (options.environment && Object.keys(options.environment).length > 0) {
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason: 'environment holds plain configuration by contract; secret values go in the secrets prop, which ECS reads from Secrets Manager or SSM',
    });
  }
  return { cluster, logGroup, taskDefinition, container };
}
