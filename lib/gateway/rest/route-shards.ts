import { createHash } from 'crypto';
import { parseRoutePath, PathSegment } from '../../routes/route-path';

/**
 * Planning of a REST API's resource tree across CloudFormation stacks.
 *
 * A REST API costs a resource per path segment and a method per route (plus models and
 * CORS preflights). Past a few hundred routes one template exceeds CloudFormation's 500
 * resources, so whole subtrees move into nested stacks. A subtree too large for one shard
 * is split: its own resource stays with the parent and its children are planned again.
 * Pure functions over paths: the gateway builds what the plan says.
 */

/** What planning needs to know of one route. */
export interface PlannedRoute {
  /** The route path (`/orders/{orderId}`). */
  readonly path: string;
  /** Resources the route adds besides its resource (its method, a model, ...). */
  readonly cost: number;
}

/** A node of the resource tree: one REST resource. */
export interface ResourceNode {
  /** The full resource path, with the parameter names of the first route declaring it. */
  readonly path: string;
  /** The segment text (`orders`, `{orderId}`, `{proxy+}`); empty for the root. */
  readonly segment: string;
  /** The parsed segment; undefined for the root. */
  readonly parsed?: PathSegment;
  /** The parent node; undefined for the root. */
  readonly parent?: ResourceNode;
  /** Children by segment shape (parameters compare by position, not name). */
  readonly children: Map<string, ResourceNode>;
  /** Indexes of the routes on this resource. */
  readonly routes: number[];
  /** Cost of this node's own methods (routes and extras). */
  ownCost: number;
  /** Cost of the whole subtree, this resource included. */
  subtreeCost: number;
}

/** A conflict found while building the tree: two names for one parameter position. */
export interface ResourceTreeConflict {
  /** The route with the second name. */
  readonly routeIndex: number;
  /** The parameter segment already declared at that position. */
  readonly existing: string;
  /** The segment of the conflicting route. */
  readonly received: string;
  /** The path of the existing resource. */
  readonly existingPath: string;
}

/** Builds the resource tree of routes; `extraPerResource` counts e.g. a CORS preflight. */
export function buildResourceTree(
  routes: readonly PlannedRoute[],
  extraPerResource: (node: ResourceNode) => number = () => 0,
): { root: ResourceNode } | { conflict: ResourceTreeConflict } {
  const root: ResourceNode = { path: '/', segment: '', children: new Map(), routes: [], ownCost: 0, subtreeCost: 0 };
  for (let i = 0; i < routes.length; i++) {
    const parsed = parseRoutePath(routes[i].path);
    if (!('segments' in parsed)) continue;
    let node = root;
    for (const segment of parsed.segments) {
      const shape = segment.parameter === undefined ? segment.text : segment.greedy ? '{+}' : '{}';
      let child = node.children.get(shape);
      if (!child) {
        child = {
          path: `${node.path === '/' ? '' : node.path}/${segment.text}`,
          segment: segment.text, parsed: segment, parent: node,
          children: new Map(), routes: [], ownCost: 0, subtreeCost: 0,
        };
        node.children.set(shape, child);
      } else if (child.segment !== segment.text) {
        return { conflict: { routeIndex: i, existing: child.segment, received: segment.text, existingPath: child.path } };
      }
      node = child;
    }
    node.routes.push(i);
    node.ownCost += routes[i].cost;
  }
  const total = (node: ResourceNode): number => {
    node.ownCost += extraPerResource(node);
    let cost = node.ownCost + (node === root ? 0 : 1);
    for (const child of node.children.values()) cost += total(child);
    node.subtreeCost = cost;
    return cost;
  };
  total(root);
  return { root };
}

/** Where each part of the tree is built. */
export interface ShardPlan {
  /** Resources built in the gateway's own stack (the root is implied), in tree order. */
  readonly parentNodes: ResourceNode[];
  /** Non-empty shards, each a list of whole subtrees built in one nested stack. */
  readonly shards: ResourceNode[][];
  /** The bucket of each shard (0-based): stable, so it names the nested stack. */
  readonly shardBuckets: number[];
  /** Estimated resources of each shard. */
  readonly shardCosts: number[];
  /** The number of buckets the shards were spread over (0 without shards). */
  readonly bucketCount: number;
}

/**
 * Plans the tree: everything in the parent when the whole tree costs at most `threshold`,
 * otherwise whole subtrees of at most `capacity` spread over `bucketCount` shards.
 *
 * A subtree goes to the bucket its path hashes to (the next one with room when that one is
 * full), not to the next free slot in path order: adding a route then changes only the shard
 * holding it, instead of shifting later subtrees into other nested stacks, which
 * CloudFormation cannot do for REST resources (the new stack would create a path the old
 * one still holds). A shard may exceed `capacity` only when every bucket is full; the
 * caller reports that.
 *
 * @param bucketCount the number of buckets; by default enough to fill each to two thirds
 */
export function planShards(root: ResourceNode, threshold: number, capacity: number, bucketCount?: number): ShardPlan {
  const parentNodes: ResourceNode[] = [];
  const units: ResourceNode[] = [];
  const all = (node: ResourceNode) => {
    for (const child of sortedChildren(node)) {
      parentNodes.push(child);
      all(child);
    }
  };
  if (root.subtreeCost <= threshold) {
    all(root);
    return { parentNodes, shards: [], shardBuckets: [], shardCosts: [], bucketCount: 0 };
  }
  const split = (node: ResourceNode) => {
    for (const child of sortedChildren(node)) {
      if (child.subtreeCost <= capacity) {
        units.push(child);
      } else {
        parentNodes.push(child);
        split(child);
      }
    }
  };
  split(root);
  const total = units.reduce((sum, u) => sum + u.subtreeCost, 0);
  const buckets = Math.max(1, bucketCount ?? Math.ceil(total / Math.max(1, Math.floor((capacity * 2) / 3))));
  const contents: ResourceNode[][] = Array.from({ length: buckets }, () => []);
  const costs: number[] = new Array(buckets).fill(0);
  for (const unit of units) {
    const home = bucketOf(unit.path, buckets);
    let chosen = -1;
    for (let probe = 0; probe < buckets; probe++) {
      const b = (home + probe) % buckets;
      if (costs[b] + unit.subtreeCost <= capacity) {
        chosen = b;
        break;
      }
    }
    if (chosen < 0) chosen = costs.indexOf(Math.min(...costs));
    contents[chosen].push(unit);
    costs[chosen] += unit.subtreeCost;
  }
  const shards: ResourceNode[][] = [];
  const shardBuckets: number[] = [];
  const shardCosts: number[] = [];
  contents.forEach((c, b) => {
    if (c.length === 0) return;
    shards.push(c);
    shardBuckets.push(b);
    shardCosts.push(costs[b]);
  });
  return { parentNodes, shards, shardBuckets, shardCosts, bucketCount: buckets };
}

/** The home bucket of a subtree: a hash of its path, stable across synths and machines. */
export function bucketOf(path: string, buckets: number): number {
  return parseInt(createHash('sha256').update(path).digest('hex').slice(0, 8), 16) % buckets;
}

/** The nodes of a subtree, the subtree's root first, parents before children. */
export function subtreeNodes(node: ResourceNode): ResourceNode[] {
  const out: ResourceNode[] = [node];
  for (const child of sortedChildren(node)) out.push(...subtreeNodes(child));
  return out;
}

function sortedChildren(node: ResourceNode): ResourceNode[] {
  return [...node.children.values()].sort((a, b) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
}
