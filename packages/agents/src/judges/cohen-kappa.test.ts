import { describe, expect, it } from 'vitest';
import { cohenKappa } from './cohen-kappa.ts';

const repeat = (label: string, n: number) => Array.from({ length: n }, () => label);

describe('cohenKappa', () => {
  it('matches the hand computation of a 2×2 table', () => {
    // both reject 20, A reject/B respond 5, A respond/B reject 10, both respond 15 (n = 50):
    // p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    const a = [...repeat('reject', 25), ...repeat('respond', 25)];
    const b = [
      ...repeat('reject', 20),
      ...repeat('respond', 5),
      ...repeat('reject', 10),
      ...repeat('respond', 15),
    ];
    const k = cohenKappa(a, b);
    expect(k.n).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it('counts an exception verdict as a category of its own', () => {
    // A: reject reject respond; B: reject abstain respond. p_o = 2/3.
    // p_e = (2/3·1/3) [reject] + (1/3·1/3) [respond] + 0 [abstain] = 3/9 = 1/3; κ = (2/3 − 1/3)/(2/3) = 0.5.
    const k = cohenKappa(['reject', 'reject', 'respond'], ['reject', 'abstain', 'respond']);
    expect(k.kappa).toBeCloseTo(0.5, 12);
  });

  it('is 0 at chance agreement, negative below it, 1 when constant and identical', () => {
    expect(cohenKappa(['a', 'a', 'b', 'b'], ['a', 'b', 'a', 'b']).kappa).toBeCloseTo(0, 12);
    expect(cohenKappa(['a', 'b'], ['b', 'a']).kappa).toBeCloseTo(-1, 12);
    expect(cohenKappa(['x', 'x'], ['x', 'x']).kappa).toBe(1);
  });

  it('refuses lists that do not pair up', () => {
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow(/pair up/);
    expect(() => cohenKappa([], [])).toThrow(/no paired/);
  });
});
