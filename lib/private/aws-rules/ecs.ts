import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TopologyValidationError } from '../../errors';
import { NumberRule, TextRule } from './rule';

const FARGATE_SOURCE = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html';

/** One row of the Fargate task size table: a CPU size and the memory sizes (MiB) it admits. */
interface FargateRow {
  readonly cpu: number;
  readonly memory: readonly number[];
  readonly text: string;
}

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += step) out.push(m);
  return out;
}

/**
 * The supported Fargate task CPU and memory combinations (Linux), from the page
 * "Troubleshoot Amazon ECS task definition invalid CPU or memory errors". The 8 and
 * 16 vCPU rows need platform version 1.4.0 or later, which LATEST is.
 */
export const FARGATE_TASK_SIZES: readonly FargateRow[] = [
  { cpu: 256, memory: [512, 1024, 2048], text: '512, 1024 or 2048' },
  { cpu: 512, memory: [1024, 2048, 3072, 4096], text: '1024 to 4096 in steps of 1024' },
  { cpu: 1024, memory: steps(2048, 8192, 1024), text: '2048 to 8192 in steps of 1024' },
  { cpu: 2048, memory: steps(4096, 16384, 1024), text: '4096 to 16384 in steps of 1024' },
  { cpu: 4096, memory: steps(8192, 30720, 1024), text: '8192 to 30720 in steps of 1024' },
  { cpu: 8192, memory: steps(16384, 61440, 4096), text: '16384 to 61440 in steps of 4096' },
  { cpu: 16384, memory: steps(32768, 122880, 8192), text: '32768 to 122880 in steps of 8192' },
];

/**
 * Refuses a Fargate task size AWS would refuse. `cpuProp` and `memoryProp` name the props
 * as the construct's user wrote them.
 */
export function checkFargateTaskSize(
  scope: IConstruct | string, cpuProp: string, cpu: number, memoryProp: string, memory: number,
): void {
  if (Token.isUnresolved(cpu)) return;
  const row = FARGATE_TASK_SIZES.find((r) => r.cpu === cpu);
  if (!row) {
    throw new TopologyValidationError(scope, {
      prop: cpuProp, received: cpu,
      problem: 'not a Fargate task CPU size',
      fix: `use one of ${FARGATE_TASK_SIZES.map((r) => r.cpu).join(', ')} CPU units (${FARGATE_SOURCE})`,
    });
  }
  if (Token.isUnresolved(memory)) return;
  if (!row.memory.includes(memory)) {
    throw new TopologyValidationError(scope, {
      prop: memoryProp, received: memory,
      problem: `not a Fargate memory size for ${cpu} CPU units`,
      fix: `with ${cpuProp} ${cpu} use ${memoryProp} ${row.text} MiB (${FARGATE_SOURCE})`,
    });
  }
}

/** A service's desired task count (ECS CreateService `desiredCount`, an Integer, zero or more). */
export const DESIRED_TASK_COUNT: NumberRule = {
  subject: 'a desired task count', unit: 'tasks', min: 0, integer: true,
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html',
};

/** An auto scaling capacity (Application Auto Scaling RegisterScalableTarget `MinCapacity`, `MaxCapacity`: Integers, zero or more). */
export const SCALING_CAPACITY: NumberRule = {
  subject: 'a scaling capacity', unit: 'tasks', min: 0, integer: true,
  source: 'https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html',
};

/**
 * The target of CPU target tracking (TargetTrackingScalingPolicyConfiguration `TargetValue`, a
 * Double above 0): for `ECSServiceAverageCPUUtilization` a percentage, so at most 100.
 */
export const CPU_TARGET_UTILIZATION: NumberRule = {
  subject: 'a CPU utilization target', unit: 'percent', min: 0, minExclusive: true, max: 100, integer: false,
  source: 'https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingScalingPolicyConfiguration.html',
};

const CONTAINER_DEFINITION = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html';

/**
 * The name of an HTTP backend (ServiceBackend, ListenerBackend). It becomes the ECS container
 * name (ContainerDefinition `name`: "Up to 255 letters (uppercase and lowercase), numbers,
 * underscores, and hyphens are allowed"), the awslogs stream prefix and the ALB access-log
 * prefix, and it labels dashboards and summaries. The library keeps it to 64 characters that
 * start with a letter, so that it reads as a name in all of those places.
 */
export const BACKEND_NAME: TextRule = {
  subject: 'a backend name', maxLength: 64, pattern: /^[A-Za-z][A-Za-z0-9_-]*$/,
  grammar: 'letters, digits, "-" and "_", starting with a letter', example: 'orders', source: CONTAINER_DEFINITION,
};

/**
 * The name of a gRPC backend (GrpcServiceBackend). It goes where an HTTP backend's name goes
 * ({@link BACKEND_NAME}) and also, unless `discovery.serviceName` is given, becomes the Cloud
 * Map service name: the first label of the DNS name the translator dials
 * (`<name>.<namespace>`). So it is one DNS label (1-63 letters, digits and inner hyphens, no
 * "_"), in lower case as Route 53 stores and answers it, so that the name in summaries is the
 * name in the record.
 */
export const GRPC_BACKEND_NAME: TextRule = {
  subject: 'a gRPC backend name, which becomes a DNS label', maxLength: 63, pattern: /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
  grammar: 'lower-case letters, digits and inner "-", starting with a letter (a DNS label)', example: 'users',
  source: 'https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html',
};
