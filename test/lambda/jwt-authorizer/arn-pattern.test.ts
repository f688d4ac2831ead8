jest.mock('jose', () => require('./jose-cjs').joseCommonJs());
import { arnPatternMatches } from '../../../lambda/jwt-authorizer/authorize';

const API = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod';

describe('arnPatternMatches: IAM resource wildcards', () => {
  test('a star spans any characters, slashes included', () => {
    expect(arnPatternMatches(`${API}/*/*`, `${API}/GET/orders/42/items`)).toBe(true);
    expect(arnPatternMatches(`${API}/POST/orders/*`, `${API}/POST/orders/42/notes`)).toBe(true);
  });

  test('a star spans nothing too', () => {
    expect(arnPatternMatches(`${API}/GET/orders*`, `${API}/GET/orders`)).toBe(true);
    expect(arnPatternMatches('*', '')).toBe(true);
  });

  test('a question mark stands for exactly one character', () => {
    expect(arnPatternMatches(`${API}/GET/orders/?`, `${API}/GET/orders/7`)).toBe(true);
    expect(arnPatternMatches(`${API}/GET/orders/?`, `${API}/GET/orders/42`)).toBe(false);
    expect(arnPatternMatches(`${API}/GET/orders/?`, `${API}/GET/orders/`)).toBe(false);
  });

  test('literal characters match only themselves, case included', () => {
    expect(arnPatternMatches(`${API}/GET/orders/*`, `${API}/POST/orders/1`)).toBe(false);
    expect(arnPatternMatches(`${API}/GET/Orders/*`, `${API}/GET/orders/1`)).toBe(false);
    // Characters a regular expression would read as operators are plain here.
    expect(arnPatternMatches(`${API}/GET/a.b/(x)+`, `${API}/GET/a.b/(x)+`)).toBe(true);
    expect(arnPatternMatches(`${API}/GET/a.b`, `${API}/GET/aXb`)).toBe(false);
  });

  test('the whole ARN must match, not a prefix or a suffix of it', () => {
    expect(arnPatternMatches(`${API}/GET/orders`, `${API}/GET/orders/1`)).toBe(false);
    expect(arnPatternMatches(`${API}/GET/orders/1`, `${API}/GET/orders`)).toBe(false);
    expect(arnPatternMatches(`GET/orders/*`, `${API}/GET/orders/1`)).toBe(false);
  });

  test('from skips the start of the ARN: the pattern must match all of the rest', () => {
    const from = API.length + 1;
    expect(arnPatternMatches('POST/orders/*', `${API}/POST/orders/42`, from)).toBe(true);
    expect(arnPatternMatches('POST/orders/*', `${API}/GET/orders/42`, from)).toBe(false);
    expect(arnPatternMatches('POST/orders', `${API}/POST/orders/42`, from)).toBe(false);
    expect(arnPatternMatches('*', `${API}/`, from)).toBe(true);
    expect(arnPatternMatches('?', `${API}/`, from)).toBe(false);
  });

  test('a star backtracks when its first guess fails later on', () => {
    expect(arnPatternMatches(`${API}/*/orders/*/notes`, `${API}/GET/orders/x/orders/y/notes`)).toBe(true);
    expect(arnPatternMatches(`${API}/*/orders/*/notes`, `${API}/GET/orders/x/notes/y`)).toBe(false);
    expect(arnPatternMatches('*a*b?', 'xxaxxbxbz')).toBe(true);
  });

  test('agrees with a regular-expression reading of the pattern on many generated cases', () => {
    // GIVEN patterns and ARNs over a small alphabet, where wildcards meet repeated characters
    const reference = (pattern: string, arn: string) =>
      new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '[^]*').replace(/\?/g, '[^]')}$`).test(arn);
    const alphabet = ['a', 'b', '/', '*', '?'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const word = (chars: string[], max: number) => Array.from({ length: next() % max }, () => chars[next() % chars.length]).join('');
    // WHEN both read the same 3000 pairs THEN they always agree
    for (let i = 0; i < 3000; i++) {
      const pattern = word(alphabet, 8);
      const arn = word(['a', 'b', '/'], 10);
      expect([pattern, arn, arnPatternMatches(pattern, arn)]).toEqual([pattern, arn, reference(pattern, arn)]);
    }
  });
});
