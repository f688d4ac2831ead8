import { TopologyValidationError } from '../../lib/errors';

/** Runs `fn` and returns the TopologyValidationError it throws; fails the test on anything else. */
export function errorOf(fn: () => unknown): TopologyValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyValidationError);
    return e as TopologyValidationError;
  }
  throw new Error('expected a TopologyValidationError');
}
