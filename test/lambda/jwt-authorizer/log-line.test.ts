import { decisionLogLine } from '../../../lambda/jwt-authorizer/log-line';

describe('decisionLogLine', () => {
  test('is one JSON object with the decision, its reason, route, principal, event type and request id', () => {
    // GIVEN a decision
    const line = decisionLogLine(
      { effect: 'Deny', reason: 'missing required roles premium-tier', routeKey: 'POST /orders/{orderId}', principalId: 'alice' },
      { eventType: 'TOKEN', requestId: 'req-1' },
    );
    // THEN it parses, in this field order, on one line
    expect(line).not.toContain('\n');
    expect(Object.entries(JSON.parse(line))).toEqual([
      ['message', 'authorizer decision'], ['effect', 'Deny'], ['reason', 'missing required roles premium-tier'],
      ['routeKey', 'POST /orders/{orderId}'], ['principalId', 'alice'], ['eventType', 'TOKEN'], ['requestId', 'req-1'],
    ]);
  });

  test('leaves absent fields out', () => {
    const line = decisionLogLine({ effect: 'Deny', reason: 'no bearer token' });
    expect(JSON.parse(line)).toEqual({ message: 'authorizer decision', effect: 'Deny', reason: 'no bearer token' });
  });

  test('escapes quotes, backslashes and line breaks in values, so the line stays one JSON line', () => {
    const reason = 'claim "x\\y" \n\u2028 bad\u0000';
    const line = decisionLogLine({ effect: 'Deny', reason, principalId: 'a"b' });
    expect(line.split('\n')).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ reason, principalId: 'a"b' });
  });

  test('writes each value exactly as JSON.stringify does, whatever it holds', () => {
    // Quotes, backslashes, every control character, DEL, line and paragraph separators,
    // a paired surrogate (one emoji) and lone high and low surrogates.
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    for (const reason of ['plain', '', 'a"b', 'a\\b', controls, '\u007f', '\u2028\u2029', 'caf\u00e9 \ud83d\ude00', '\ud800', 'x\udfff', '\udc00\ud800']) {
      expect(decisionLogLine({ effect: 'Deny', reason })).toBe(`{"message":"authorizer decision","effect":"Deny","reason":${JSON.stringify(reason)}}`);
    }
  });

  test('cuts every text field at 256 characters', () => {
    const long = 'x'.repeat(300);
    const entry = JSON.parse(decisionLogLine({ effect: 'Allow', reason: 'valid token', principalId: long, routeKey: long }, { requestId: long }));
    for (const k of ['principalId', 'routeKey', 'requestId']) expect(entry[k]).toBe(`${'x'.repeat(256)}...`);
    expect(entry.reason).toBe('valid token');
  });
});
