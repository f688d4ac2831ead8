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
 *
 * jsii cannot export a subclass of `Error`, so the class is TypeScript's alone (`instanceof`,
 * `name === 'TopologyValidationError'` and the fields below). Python, Java, .NET and Go
 * receive the jsii runtime's own exception with the same message: recognise it with
 * {@link TopologyErrors.parseValidationMessage}, as TypeScript may with
 * {@link TopologyErrors.isTopologyValidationError}.
 *
 * @jsii ignore
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

/** The parts of a {@link TopologyValidationError} message, in any language. */
export interface ValidationErrorDetails {
  /** The path of the construct that rejected the prop. */
  readonly constructPath: string;
  /** The invalid prop, as a path from the construct's props (`routes[2].path`). */
  readonly prop: string;
  /** What is wrong with it. */
  readonly problem: string;
  /** The value received, as the message renders it (strings in JSON quotes). */
  readonly received: string;
  /** How to fix it. */
  readonly fix: string;
}

const MESSAGE = /^(?<constructPath>\S(?:.*?\S)?): invalid (?<prop>\S+): (?<problem>.*) \(received (?<received>.*)\)\. Fix: (?<fix>.*)$/;

/**
 * Recognises the library's validation errors, the way aws-cdk-lib's `Errors` class does for
 * its own. Every method works from every jsii language.
 *
 * @example
 * try {
 *   app.synth();
 * } catch (e) {
 *   const details = TopologyErrors.parseValidationMessage(String((e as Error).message));
 *   if (details) console.error(`fix ${details.prop} of ${details.constructPath}: ${details.fix}`);
 *   throw e;
 * }
 */
export class TopologyErrors {
  /**
   * Whether `x` is a {@link TopologyValidationError} (TypeScript and JavaScript, where the error object itself is caught).
   *
   * @example
   * try {
   *   app.synth();
   * } catch (e) {
   *   if (TopologyErrors.isTopologyValidationError(e)) console.error((e as Error).message);
   *   throw e;
   * }
   */
  public static isTopologyValidationError(x: any): boolean {
    return x instanceof Error && x.name === 'TopologyValidationError';
  }

  /**
   * The construct path, prop, problem, value and fix of a validation error's message, or
   * undefined when the message is not one. In Python, Java, .NET and Go the error arrives as
   * the jsii runtime's exception; pass its message (the first line that matches is read).
   *
   * @example
   * const details = TopologyErrors.parseValidationMessage(message); // details?.prop, details?.fix
   */
  public static parseValidationMessage(message: string): ValidationErrorDetails | undefined {
    for (const line of message.split('\n')) {
      const match = MESSAGE.exec(line.replace(/^(?:TopologyValidationError|Error|RuntimeError): /, ''));
      if (match?.groups) {
        const { constructPath, prop, problem, received, fix } = match.groups;
        return { constructPath, prop, problem, received, fix };
      }
    }
    return undefined;
  }

  private constructor() {}
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
