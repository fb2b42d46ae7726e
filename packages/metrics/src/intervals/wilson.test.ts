import { describe, expect, it } from 'vitest';
import { proportionScore, wilsonInterval } from './wilson.ts';

describe('wilsonInterval', () => {
  it('matches published Wilson intervals', () => {
    // statsmodels proportion_confint(8, 10, method='wilson') = (0.49016, 0.94332)
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.49016, 4);
    expect(hi).toBeCloseTo(0.94332, 4);
    // k = 0: lower bound is exactly 0, upper z²/(n+z²) = 3.8415/13.8415
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(3.841459 / 13.841459, 6);
  });

  it('is symmetric under k → n-k', () => {
    const [a, b] = wilsonInterval(3, 17);
    const [c, d] = wilsonInterval(14, 17);
    expect(a).toBeCloseTo(1 - d, 12);
    expect(b).toBeCloseTo(1 - c, 12);
  });

  it('narrows as n grows at the same proportion', () => {
    const w = (k: number, n: number) => {
      const [lo, hi] = wilsonInterval(k, n);
      return hi - lo;
    };
    expect(w(50, 100)).toBeLessThan(w(5, 10));
    expect(w(500, 1000)).toBeLessThan(w(50, 100));
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(5, 3)).toThrow(/k=5, n=3/);
    expect(() => wilsonInterval(-1, 3)).toThrow(RangeError);
  });
});

describe('proportionScore', () => {
  it("gives 'N/A' for an empty denominator, never NaN", () => {
    expect(proportionScore(0, 0)).toBe('N/A');
  });
  it('carries value, n, k and the interval', () => {
    const s = proportionScore(3, 4);
    expect(s).toMatchObject({ value: 0.75, n: 4, k: 3 });
    if (s === 'N/A') throw new Error('unreachable');
    expect(s.ci[0]).toBeLessThan(0.75);
    expect(s.ci[1]).toBeGreaterThan(0.75);
  });
});
