import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { NOT_AVAILABLE, type Interval95, type Score } from './score.ts';

export interface BootstrapOptions {
  /** Same seed, same inputs → same interval, so reports can be diffed. */
  seed: number;
  /** Number of resamples; 2000 by default. */
  resamples?: number;
  /** Confidence level; 0.95 by default. */
  level?: number;
}

/** Linear interpolation between order statistics (numpy's default 'linear' percentile). */
function quantileSorted(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** The central `level` interval of the resampled statistics (NaN, NaN when no resample gave a finite one). */
function percentileInterval(stats: number[], level: number): Interval95 {
  if (stats.length === 0) return [Number.NaN, Number.NaN];
  stats.sort((a, b) => a - b);
  return [quantileSorted(stats, (1 - level) / 2), quantileSorted(stats, (1 + level) / 2)];
}

/**
 * Percentile bootstrap interval of `stat` over `values`: resample with replacement `resamples` times from a
 * seeded xoroshiro128+ stream and take the (1-level)/2 and (1+level)/2 quantiles. Resamples whose statistic
 * is not finite (e.g. a ratio with an empty denominator in that resample) are left out of the quantiles.
 */
export function bootstrapInterval<T>(
  values: readonly T[],
  stat: (sample: readonly T[]) => number,
  options: BootstrapOptions,
): Interval95 {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrapInterval: resamples must be a positive integer, got ${resamples}`);
  }
  if (!(level > 0 && level < 1))
    throw new RangeError(`bootstrapInterval: level must be in (0, 1), got ${level}`);
  if (values.length === 0) throw new RangeError('bootstrapInterval: no values to resample');
  const rng = xoroshiro128plus(options.seed);
  const n = values.length;
  const stats: number[] = [];
  const sample: T[] = new Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = values[uniformInt(rng, 0, n - 1)] as T;
    const s = stat(sample);
    if (Number.isFinite(s)) stats.push(s);
  }
  return percentileInterval(stats, level);
}

/** `stat(values)` as a Score with a seeded bootstrap interval; 'N/A' when there are no values. */
export function bootstrapScore<T>(
  values: readonly T[],
  stat: (sample: readonly T[]) => number,
  options: BootstrapOptions,
): Score {
  if (values.length === 0) return NOT_AVAILABLE;
  const value = stat(values);
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  return { value, n: values.length, ci: bootstrapInterval(values, stat, options) };
}

export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Bootstrap that resamples each group on its own, keeping group sizes fixed, for statistics that combine
 * separately sampled groups (HMS combines the S3 and S4 records of a design whose sizes are set by the benchmark).
 */
export function stratifiedBootstrapInterval<T>(
  groups: readonly (readonly T[])[],
  stat: (samples: readonly (readonly T[])[]) => number,
  options: BootstrapOptions,
): Interval95 {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(
      `stratifiedBootstrapInterval: resamples must be a positive integer, got ${resamples}`,
    );
  }
  if (groups.some((g) => g.length === 0))
    throw new RangeError('stratifiedBootstrapInterval: a group is empty');
  const rng = xoroshiro128plus(options.seed);
  const samples: T[][] = groups.map((g) => new Array(g.length));
  const stats: number[] = [];
  for (let r = 0; r < resamples; r++) {
    groups.forEach((g, j) => {
      const out = samples[j] as T[];
      for (let i = 0; i < g.length; i++) out[i] = g[uniformInt(rng, 0, g.length - 1)] as T;
    });
    const s = stat(samples);
    if (Number.isFinite(s)) stats.push(s);
  }
  return percentileInterval(stats, level);
}
