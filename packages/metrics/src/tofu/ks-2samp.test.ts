import { describe, expect, it } from 'vitest';
import { ks2Samp } from './ks-2samp.ts';
import { numpyMean, numpySum } from './numpy-sum.ts';

describe('ks2Samp (scipy ks_2samp, method auto)', () => {
  it('fully separated samples: the only extreme paths are the two corners', () => {
    // n = m = 3: 2 of the C(6,3) = 20 orderings reach D = 1
    const r = ks2Samp([1, 2, 3], [4, 5, 6]);
    expect(r.statistic).toBe(1);
    expect(r.method).toBe('exact');
    expect(r.pvalue).toBeCloseTo(2 / 20, 15);
    // n = 2, m = 3: 2 of C(5,2) = 10 orderings
    const u = ks2Samp([1, 2], [3, 4, 5]);
    expect(u.statistic).toBe(1);
    expect(u.pvalue).toBeCloseTo(2 / 10, 14);
  });

  it('counts ties through right-sided ECDFs and gives p = 1 for identical samples', () => {
    expect(ks2Samp([1, 2, 2, 3], [3, 2, 2, 1])).toEqual({ statistic: 0, pvalue: 1, method: 'exact' });
    // ECDFs at 1: 1/2 vs 0; at 2: 1 vs 1/2; at 3: 1 vs 1 → D = 1/2
    const r = ks2Samp([1, 2], [2, 3]);
    expect(r.statistic).toBe(0.5);
    // n = m = 2, h = 1: P(D ≥ 1/2) = 1 (every path leaves the diagonal by at least one step)
    expect(r.pvalue).toBe(1);
  });

  it('uses the asymptotic distribution beyond 10,000 values', () => {
    const a = Array.from({ length: 10_001 }, (_, i) => i);
    const b = Array.from({ length: 50 }, (_, i) => i * 200 + 0.5);
    const r = ks2Samp(a, b);
    expect(r.method).toBe('asymp');
    expect(r.pvalue).toBeGreaterThan(0.5);
  });

  it('rejects empty and NaN samples', () => {
    expect(() => ks2Samp([], [1])).toThrow(/non-empty/);
    expect(() => ks2Samp([1, Number.NaN], [1])).toThrow(/sample1\[1\] is NaN/);
  });
});

describe('numpySum', () => {
  it('sums in numpy pairwise order', () => {
    // 0.1 × 10: left-to-right gives 0.9999999999999999; numpy's 8 accumulators give 1.
    const tenths = Array.from({ length: 10 }, () => 0.1);
    expect(tenths.reduce((a, b) => a + b, 0)).not.toBe(1);
    expect(numpySum(tenths)).toBe(0.1 + 0.1 + (0.1 + 0.1) + (0.1 + 0.1 + (0.1 + 0.1)) + 0.1 + 0.1);
    expect(numpyMean([1, 2, 3])).toBe(2);
    expect(Number.isNaN(numpyMean([]))).toBe(true);
  });
});
