import { describe, expect, it } from 'vitest';
import { bootstrapInterval, bootstrapScore, mean, stratifiedBootstrapInterval } from './bootstrap.ts';

const data = Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.7) * 10 + (i % 7));

describe('bootstrapInterval', () => {
  it('is reproducible for a seed and changes with the seed', () => {
    const a = bootstrapInterval(data, mean, { seed: 7, resamples: 500 });
    const b = bootstrapInterval(data, mean, { seed: 7, resamples: 500 });
    const c = bootstrapInterval(data, mean, { seed: 8, resamples: 500 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('brackets the statistic, with a width close to the normal-theory one', () => {
    const m = mean(data);
    const sd = Math.sqrt(data.reduce((s, v) => s + (v - m) ** 2, 0) / (data.length - 1));
    const se = sd / Math.sqrt(data.length);
    const [lo, hi] = bootstrapInterval(data, mean, { seed: 1, resamples: 4000 });
    expect(lo).toBeLessThan(m);
    expect(hi).toBeGreaterThan(m);
    // 2·1.96·se, within 15% (bootstrap uses the n-denominator sd, and resampling noise)
    expect((hi - lo) / (2 * 1.96 * se)).toBeGreaterThan(0.85);
    expect((hi - lo) / (2 * 1.96 * se)).toBeLessThan(1.15);
  });

  it('collapses to a point for constant data', () => {
    expect(bootstrapInterval([3, 3, 3, 3], mean, { seed: 1, resamples: 50 })).toEqual([3, 3]);
  });

  it('rejects bad options', () => {
    expect(() => bootstrapInterval([], mean, { seed: 1 })).toThrow(/no values/);
    expect(() => bootstrapInterval([1], mean, { seed: 1, resamples: 0 })).toThrow(/resamples/);
  });
});

describe('bootstrapScore', () => {
  it("is 'N/A' with no values and carries n otherwise", () => {
    expect(bootstrapScore([], mean, { seed: 1 })).toBe('N/A');
    expect(bootstrapScore([1, 2, 3], mean, { seed: 1, resamples: 100 })).toMatchObject({ value: 2, n: 3 });
  });
});

describe('stratifiedBootstrapInterval', () => {
  it('keeps group sizes and is reproducible', () => {
    const a = [1, 0, 1, 1, 0, 1];
    const b = [0, 0, 1];
    const sizes: number[][] = [];
    const stat = (s: readonly (readonly number[])[]) => {
      sizes.push(s.map((g) => g.length));
      return mean(s[0] as number[]) - mean(s[1] as number[]);
    };
    const i1 = stratifiedBootstrapInterval([a, b], stat, { seed: 3, resamples: 200 });
    expect(sizes.every(([x, y]) => x === 6 && y === 3)).toBe(true);
    expect(stratifiedBootstrapInterval([a, b], stat, { seed: 3, resamples: 200 })).toEqual(i1);
    expect(i1[0]).toBeLessThanOrEqual(2 / 3 - 1 / 3);
    expect(i1[1]).toBeGreaterThanOrEqual(2 / 3 - 1 / 3);
  });
});
