import { Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import type { ServiceAutoScaling } from '../backends/service-backend';
import { TopologyValidationError } from '../errors';
import {
  checkFargateTaskSize, checkLogRetention, checkNumber, CPU_TARGET_UTILIZATION, DESIRED_TASK_COUNT, SCALING_CAPACITY,
} from './aws-rules';

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
  // Both backends take these props under the same names, so one check serves both.
  checkFargateTaskSize(backend, 'cpu', options.cpu, 'memoryLimitMiB', options.memoryLimitMiB);
  checkLogRetention(backend, 'logRetention', options.logRetention);
  checkContainerVariables(backend, options);
  if (!(options.image instanceof ecs.ContainerImage)) {
    throw new TopologyValidationError(backend, {
      prop: 'image', received: options.image,
      problem: 'the service needs a container image', fix: 'give image: ecs.ContainerImage.fromRegistry("...") or ecs.ContainerImage.fromAsset(...)',
    });
  }
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

/** The task counts a backend's service scales between, and its CPU target. */
export interface ScalingRange {
  readonly min: number;
  readonly max: number;
  readonly targetCpu: number;
}

/**
 * The desired count and auto scaling range of an HTTP or gRPC backend, checked against the ECS
 * and Application Auto Scaling rules and against each other.
 */
export function fargateScalingRange(backend: IConstruct, desiredCount: number, scaling: ServiceAutoScaling = {}): ScalingRange {
  if (typeof scaling !== 'object' || scaling === null || Array.isArray(scaling)) {
    throw new TopologyValidationError(backend, {
      prop: 'autoScaling', received: scaling,
      problem: 'autoScaling is an object of minCapacity, maxCapacity and targetCpuUtilizationPercent',
      fix: 'write it as { minCapacity: 2, maxCapacity: 8 }, or leave it out to scale from desiredCount to four times it',
    });
  }
  checkNumber(backend, 'desiredCount', desiredCount, DESIRED_TASK_COUNT);
  checkNumber(backend, 'autoScaling.minCapacity', scaling.minCapacity, SCALING_CAPACITY);
  checkNumber(backend, 'autoScaling.maxCapacity', scaling.maxCapacity, SCALING_CAPACITY);
  checkNumber(backend, 'autoScaling.targetCpuUtilizationPercent', scaling.targetCpuUtilizationPercent, CPU_TARGET_UTILIZATION);
  const min = scaling.minCapacity ?? desiredCount;
  const max = scaling.maxCapacity ?? (Token.isUnresolved(desiredCount) ? desiredCount : Math.max(1, 4 * desiredCount));
  const resolved = (...values: number[]) => values.every((v) => !Token.isUnresolved(v));
  // AWS takes a maximum of 0, but a service that may never run a task is a mistake here.
  if (resolved(max) && max < 1) {
    throw new TopologyValidationError(backend, {
      prop: 'autoScaling.maxCapacity', received: max,
      problem: 'the service could never run a task', fix: 'set autoScaling.maxCapacity to 1 or more',
    });
  }
  if (resolved(min, max) && min > max) {
    throw new TopologyValidationError(backend, {
      prop: 'autoScaling', received: { minCapacity: min, maxCapacity: max },
      problem: 'minCapacity is greater than maxCapacity', fix: 'set autoScaling.minCapacity at most autoScaling.maxCapacity',
    });
  }
  if (resolved(min, max, desiredCount) && (desiredCount < min || desiredCount > max)) {
    throw new TopologyValidationError(backend, {
      prop: 'desiredCount', received: desiredCount,
      problem: `the desired count is outside the auto scaling range ${min}..${max}`,
      fix: 'set desiredCount between autoScaling.minCapacity and autoScaling.maxCapacity',
    });
  }
  return { min, max, targetCpu: scaling.targetCpuUtilizationPercent ?? 60 };
}

/**
 * Refuses container environment and secrets that are not maps of names to strings (secrets:
 * to `ecs.Secret`s): CDK would write a malformed task definition, or drop the variable.
 */
function checkContainerVariables(backend: IConstruct, options: FargateTaskOptions): void {
  const maps: Array<['environment' | 'secrets', Record<string, unknown> | undefined]> = [
    ['environment', options.environment], ['secrets', options.secrets],
  ];
  for (const [prop, map] of maps) {
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      throw new TopologyValidationError(backend, {
        prop, received: map,
        problem: `${prop} must be an object of variable names to ${prop === 'environment' ? 'strings' : 'ecs.Secret values'}`,
        fix: prop === 'environment' ? 'write it as { LOG_LEVEL: "info" }' : 'write it as { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) }',
      });
    }
    for (const [name, value] of Object.entries(map)) {
      if (name.trim() === '' || /[\s=]/.test(name)) {
        throw new TopologyValidationError(backend, {
          prop: `${prop}["${name}"]`, received: name,
          problem: 'an environment variable name must not be empty or hold spaces or "="',
          fix: 'name the variable in letters, digits and "_", such as "LOG_LEVEL"',
        });
      }
      // ecs.Secret's factories return plain objects, not instances: recognise one by its shape.
      const valid = prop === 'environment' ? typeof value === 'string'
        : typeof value === 'object' && value !== null && typeof (value as ecs.Secret).arn === 'string' && typeof (value as ecs.Secret).grantRead === 'function';
      if (!valid) {
        throw new TopologyValidationError(backend, {
          prop: `${prop}.${name}`, received: value,
          problem: prop === 'environment' ? 'an environment variable value must be a string' : 'a secret must be an ecs.Secret',
          fix: prop === 'environment' ? `write the value as a string, such as "${String(value)}"` : 'use ecs.Secret.fromSecretsManager(...) or ecs.Secret.fromSsmParameter(...)',
        });
      }
    }
  }
}
