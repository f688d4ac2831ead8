import { App, Stack } from 'aws-cdk-lib';
import { HttpGateway, TopologyErrors, TopologyValidationError } from '../../lib';

/**
 * The validation error is recognisable from every jsii language: the other runtimes hand the
 * user only its message, which TopologyErrors reads back into its parts.
 */
function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

const error = thrownBy(() => new HttpGateway(new Stack(new App(), 'Edge'), 'Api', { routes: [] }));

test('a construct throws the TypeScript class, named and with its fields', () => {
  expect(error).toBeInstanceOf(TopologyValidationError);
  expect((error as TopologyValidationError).name).toBe('TopologyValidationError');
  expect((error as TopologyValidationError).constructPath).toBe('Edge/Api');
  expect(TopologyErrors.isTopologyValidationError(error)).toBe(true);
  expect(TopologyErrors.isTopologyValidationError(new Error('Edge/Api: invalid routes: x (received 1). Fix: y'))).toBe(false);
});

test('its message parses back into construct path, prop, value and fix', () => {
  const e = error as TopologyValidationError;
  expect(TopologyErrors.parseValidationMessage(e.message)).toEqual({
    constructPath: 'Edge/Api', prop: e.prop, problem: expect.any(String), received: '[]', fix: e.fix,
  });
});

test('the message is found inside what another runtime reports, stack and all', () => {
  const e = new TopologyValidationError('Edge/Api', { prop: 'routes[1].path', received: '/files/{proxy+}/meta', problem: 'greedy parameter "{proxy+}" must be the last segment', fix: 'move "{proxy+}" to the end' });
  const reported = `RuntimeError: ${e.message}\n${e.stack}`;
  expect(TopologyErrors.parseValidationMessage(reported)).toEqual({
    constructPath: 'Edge/Api', prop: 'routes[1].path', problem: 'greedy parameter "{proxy+}" must be the last segment',
    received: '"/files/{proxy+}/meta"', fix: 'move "{proxy+}" to the end',
  });
  expect(TopologyErrors.parseValidationMessage('Error: something else broke')).toBeUndefined();
});
