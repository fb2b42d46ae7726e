import { describe, expect, it } from 'vitest';
import { bootstrapInterval, mean } from './bootstrap.ts';
import { pairedDifference } from './paired-difference.ts';

// The bootstrap mean of n values drawn with replacement from a small set has a distribution one can write
// down (binomial counts); with 20 000 resamples its quantiles land on those atoms, far from any boundary.
const many = { seed: 3, resamples: 20_000 };

describe('pairedDifference', () => {
  it('is exact when every sample moves by the same amount, even where the runs vary a lot', () => {
    const a = [0, 10, 20, 30];
    const b = [1, 11, 21, 31];
    expect(pairedDifference(a, b, many)).toEqual({ meanDifference: 1, ci: [1, 1], n: 4, exceedsNoise: true });
    // Unpaired, the two runs' intervals overlap widely: pairing is what makes this gap visible.
    const ia = bootstrapInterval(a, mean, many);
    const ib = bootstrapInterval(b, mean, many);
    expect(ib[0]).toBeLessThan(ia[1]);
  });

  it('differences {1, 1, 1, 2}: the bootstrap mean is 1 + k/4 with k ~ Binomial(4, 1/4)', () => {
    // P(k=0)=.316 covers the 2.5% quantile → 1; P(k≤2)=.949 < .975 ≤ P(k≤3)=.996 → 1.75.
    const result = pairedDifference([0, 0, 0, 0], [1, 1, 1, 2], many);
    expect(result).toEqual({ meanDifference: 1.25, ci: [1, 1.75], n: 4, exceedsNoise: true });
  });

  it('a drop has a negative difference and exceeds noise when the interval is wholly below 0', () => {
    const result = pairedDifference([1, 1, 1, 2], [0, 0, 0, 0], many);
    expect(result).toEqual({ meanDifference: -1.25, ci: [-1.75, -1], n: 4, exceedsNoise: true });
  });

  it('differences {0, 1} at 90%: an interval touching 0 is within noise', () => {
    // Means 0, .5, 1 with probabilities 1/4, 1/2, 1/4: the 5% quantile is 0 and the 95% quantile is 1.
    const result = pairedDifference([1, 0], [1, 1], { ...many, level: 0.9 });
    expect(result).toEqual({ meanDifference: 0.5, ci: [0, 1], n: 2, exceedsNoise: false });
  });

  it('differences {-1, 1, 1, 1}: within noise at 95%, beyond it at 40%', () => {
    // Mean 1 − k/2, k ~ Binomial(4, 1/4) counts the −1s. Bottom-up cumulative: k=4 .004, k=3 .051, k=2 .262,
    // k=1 .684: the 2.5% quantile is −0.5; the 30% and 70% quantiles are 0.5 and 1.
    const a = [1, 0, 0, 0];
    const b = [0, 1, 1, 1];
    const wide = pairedDifference(a, b, many);
    expect(wide).toMatchObject({ meanDifference: 0.5, n: 4, exceedsNoise: false });
    expect(wide !== 'N/A' && wide.ci[0]).toBe(-0.5);
    expect(pairedDifference(a, b, { ...many, level: 0.4 })).toEqual({
      meanDifference: 0.5,
      ci: [0.5, 1],
      n: 4,
      exceedsNoise: true,
    });
  });

  it('identical runs differ by exactly 0', () => {
    expect(pairedDifference([0.2, 0.9, 0.4], [0.2, 0.9, 0.4], { seed: 1, resamples: 100 })).toEqual({
      meanDifference: 0,
      ci: [0, 0],
      n: 3,
      exceedsNoise: false,
    });
  });

  it('is reproducible for a seed and moves with it', () => {
    const a = Array.from({ length: 50 }, (_, i) => (i * 7) % 3);
    const b = Array.from({ length: 50 }, (_, i) => (i * 5) % 4);
    const one = pairedDifference(a, b, { seed: 5, resamples: 300 });
    expect(pairedDifference(a, b, { seed: 5, resamples: 300 })).toEqual(one);
    expect(pairedDifference(a, b, { seed: 6, resamples: 300 })).not.toEqual(one);
  });

  it("is 'N/A' with no pairs and refuses unpaired or non-finite input", () => {
    expect(pairedDifference([], [], { seed: 1 })).toBe('N/A');
    expect(() => pairedDifference([1, 2], [1], { seed: 1 })).toThrow(/a has 2 values, b has 1/);
    expect(() => pairedDifference([1, Number.NaN], [1, 2], { seed: 1 })).toThrow(/pair 1 is not finite/);
  });
});
