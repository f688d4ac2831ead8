import { createHash } from 'crypto';

/**
 * Placement of an HTTP API's routes across nested stacks.
 *
 * An HTTP API route is one CloudFormation resource (AWS::ApiGatewayV2::Route) that names its
 * API, its integration and its authorizer by id; nothing else of the API grows with the route
 * count, because integrations are shared (see HttpGateway). So a large API keeps its API,
 * stage, authorizers and integrations in the gateway's stack and moves only the routes into
 * nested stacks ("shards"), each route to the bucket its route key hashes to.
 *
 * Placement is keyed by route, never by position: adding or removing a route leaves every
 * other route in its shard, with its logical id. That matters more than for most resources:
 * a route moved to another nested stack is created there before the old stack deletes it,
 * and API Gateway refuses a second route with the same key, so the update would fail.
 * Pure functions over route keys: the gateway builds what the planner says.
 */

/**
 * Parameters a nested stack may declare: CloudFormation allows 200 per template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 * Every integration and authorizer a shard's routes use, and the API id, reach the shard as
 * one parameter each; ten are left for what CDK adds.
 */
export const SHARD_PARAMETER_BUDGET = 190;

/** What placement needs to know of one route. */
export interface ShardedRoute {
  /** The route key (`GET /orders/{id}`): what the route hashes on. */
  readonly key: string;
  /**
   * What the route references in the gateway's stack (its integration, its authorizer),
   * each becoming a parameter of the shard that holds the route.
   */
  readonly references: readonly string[];
}

/** The default number of buckets: enough to fill each to two thirds of `capacity`. */
export function defaultBucketCount(routes: number, capacity: number): number {
  return Math.max(1, Math.ceil(routes / Math.max(1, Math.floor((capacity * 2) / 3))));
}

/**
 * The home bucket of a route key: a jump consistent hash (Lamping and Veach, "A Fast,
 * Minimal Memory, Consistent Hash Algorithm", 2014) of the key's SHA-256. Stable across
 * synths and machines; when the bucket count grows from n to n + 1, only about one route
 * in n + 1 changes bucket (a plain modulo would move most of them).
 */
export function homeBucket(key: string, buckets: number): number {
  const mask = (1n << 64n) - 1n;
  let k = BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 16)}`);
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & mask;
    j = Math.floor((b + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return b;
}

/**
 * Places routes in buckets of at most `capacity` routes and `referenceBudget` distinct
 * references each. A route goes to its home bucket, or, when that one is full, to the next
 * one with room (the only case where placement depends on other routes).
 */
export class ShardPlanner {
  private readonly loads: number[];
  private readonly references: Array<Set<string>>;

  constructor(
    /** The number of buckets. */
    public readonly bucketCount: number,
    /** Routes per bucket at most. */
    public readonly capacity: number,
    /** Distinct references per bucket at most. */
    public readonly referenceBudget: number = SHARD_PARAMETER_BUDGET,
  ) {
    this.loads = new Array(bucketCount).fill(0);
    this.references = Array.from({ length: bucketCount }, () => new Set<string>());
  }

  /** The bucket the route is placed in, or undefined when no bucket has room. */
  public place(route: ShardedRoute): number | undefined {
    const home = homeBucket(route.key, this.bucketCount);
    for (let probe = 0; probe < this.bucketCount; probe++) {
      const b = (home + probe) % this.bucketCount;
      const refs = this.references[b];
      const added = route.references.filter((r) => !refs.has(r)).length;
      if (this.loads[b] < this.capacity && refs.size + added <= this.referenceBudget) {
        this.loads[b] += 1;
        route.references.forEach((r) => refs.add(r));
        return b;
      }
    }
    return undefined;
  }

  /** Routes placed in each bucket so far. */
  public get bucketLoads(): readonly number[] {
    return [...this.loads];
  }
}

/**
 * Places a set of routes, in route key order so that the declaration order does not
 * matter; returns the bucket of each key, or the first key no bucket had room for.
 */
export function planRouteShards(routes: readonly ShardedRoute[], planner: ShardPlanner): { buckets: Map<string, number> } | { full: string } {
  const buckets = new Map<string, number>();
  for (const route of [...routes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const bucket = planner.place(route);
    if (bucket === undefined) return { full: route.key };
    buckets.set(route.key, bucket);
  }
  return { buckets };
}
