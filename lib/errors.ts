import { IConstruct } from 'constructs';

/** Details of one invalid prop, as reported by {@link TopologyValidationError}. */
export interface InvalidProp {
  /** The prop, as a path from the construct's props (`routes[2].path`). */
  readonly prop: string;
  /** The value the construct received. */
  readonly received: unknown;
  /** What is wrong with it. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Thrown at synth when a construct of this library receives a prop it cannot build.
 *
 * The message names the construct path, the prop, the value received and the fix, so a
 * user reading a failed `cdk synth` knows where to look without opening our source.
 */
export class TopologyValidationError extends Error {
  /** The path of the construct that rejected the prop. */
  public readonly constructPath: string;
  /** The invalid prop. */
  public readonly prop: string;
  /** The value received. */
  public readonly received: unknown;
  /** How to fix it. */
  public readonly fix: string;

  constructor(scope: IConstruct | string, invalid: InvalidProp) {
    const path = typeof scope === 'string' ? scope : scope.node.path;
    super(`${path}: invalid ${invalid.prop}: ${invalid.problem} (received ${describeValue(invalid.received)}). Fix: ${invalid.fix}`);
    this.name = 'TopologyValidationError';
    this.constructPath = path;
    this.prop = invalid.prop;
    this.received = invalid.received;
    this.fix = invalid.fix;
  }
}

/** Renders a received value for an error message without dumping whole constructs. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'object' && value !== null && 'node' in value) {
    return `construct ${(value as IConstruct).node.path}`;
  }
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 197)}...` : json;
  } catch {
    return String(value);
  }
}
