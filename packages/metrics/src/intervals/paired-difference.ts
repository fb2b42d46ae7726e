import { bootstrapInterval, mean } from './bootstrap.ts';
import { type Interval95, NOT_AVAILABLE } from './score.ts';

export interface PairedDifferenceOptions {
  /** Same seed, same inputs → same interval. */
  seed: number;
  /** Bootstrap resamples; 2000 by default. */
  resamples?: number;
  /** Confidence level; 0.95 by default. */
  level?: number;
}

export interface PairedDifference {
  /** Mean of b[i] − a[i] over the pairs (positive: b scores higher). */
  meanDifference: number;
  /** Percentile bootstrap interval of that mean, resampling whole pairs. */
  ci: Interval95;
  /** Number of pairs. */
  n: number;
  /** True when the interval excludes 0: the gap is more than sampling noise at this level. */
  exceedsNoise: boolean;
}

/**
 * Paired comparison of two scorings of the same samples (a[i] and b[i] belong to one sample): the bootstrap
 * resamples the per-sample differences, so what both runs share (an item every model finds hard) cancels out,
 * which independent intervals of a and b would not. 'N/A' when there are no pairs.
 */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
  options: PairedDifferenceOptions,
): PairedDifference | typeof NOT_AVAILABLE {
  if (a.length !== b.length)
    throw new RangeError(`pairedDifference: a has ${a.length} values, b has ${b.length}; pair them first`);
  const diffs = a.map((x, i) => {
    const y = b[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y))
      throw new RangeError(`pairedDifference: pair ${i} is not finite (a=${x}, b=${y})`);
    return y - x;
  });
  if (diffs.length === 0) return NOT_AVAILABLE;
  const ci = bootstrapInterval(diffs, mean, {
    seed: options.seed,
    ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
    ...(options.level !== undefined ? { level: options.level } : {}),
  });
  return {
    meanDifference: mean(diffs),
    ci,
    n: diffs.length,
    exceedsNoise: ci[0] > 0 || ci[1] < 0,
  };
}
