import { Fact } from './facts';

/** How a checked property compares. */
export type CheckStatus = 'match' | 'missing' | 'extra' | 'changed';

/** One row of the verify report. */
export interface CheckResult {
  /** What is checked. */
  readonly check: string;
  /** The manifest's value, when the manifest has the fact. */
  readonly expected?: string;
  /** The deployed value, when the deployed API has the fact. */
  readonly deployed?: string;
  /** The verdict. */
  readonly status: CheckStatus;
}

/**
 * Compares expected and deployed facts. A fact whose parent is missing or extra is not
 * reported on its own: a missing route is one row, not one row per header mapping.
 */
export function compareFacts(expected: readonly Fact[], deployed: readonly Fact[]): CheckResult[] {
  const want = new Map(expected.map((f) => [f.check, f]));
  const have = new Map(deployed.map((f) => [f.check, f]));
  const results = new Map<string, CheckResult>();
  for (const f of expected) {
    const d = have.get(f.check);
    if (!d) results.set(f.check, { check: f.check, expected: f.value, status: 'missing' });
    else results.set(f.check, { check: f.check, expected: f.value, deployed: d.value, status: d.value === f.value ? 'match' : 'changed' });
  }
  for (const f of deployed) {
    if (!want.has(f.check)) results.set(f.check, { check: f.check, deployed: f.value, status: 'extra' });
  }
  const parentOf = new Map([...expected, ...deployed].filter((f) => f.parent).map((f) => [f.check, f.parent!]));
  return [...results.values()].filter((r) => {
    const parent = parentOf.get(r.check);
    if (!parent) return true;
    const p = results.get(parent);
    return !p || (p.status !== 'missing' && p.status !== 'extra');
  });
}

/** True when every result matches. */
export function allMatch(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status === 'match');
}
