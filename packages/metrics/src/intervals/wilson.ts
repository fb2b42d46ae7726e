import { NOT_AVAILABLE, type Interval95, type Score } from './score.ts';

/** Two-sided standard normal quantile for 95%, the constant every Wilson table uses. */
export const Z_95 = 1.959963984540054;

function checkCounts(k: number, n: number): void {
  if (!Number.isFinite(k) || !Number.isFinite(n) || n < 0 || k < 0 || k > n) {
    throw new RangeError(`wilsonInterval: need 0 <= k <= n, got k=${k}, n=${n}`);
  }
}

/**
 * Wilson score interval of a proportion k/n. Unlike the normal approximation it stays inside [0, 1] and is
 * sensible at k = 0 or k = n, which is common for small per-category breakdowns. `k` may be fractional
 * (half credit for "less precise" answers); the formula holds for any p̂ in [0, 1].
 */
export function wilsonInterval(k: number, n: number, z: number = Z_95): Interval95 {
  checkCounts(k, n);
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** k/n as a Score with its Wilson interval; 'N/A' when n is 0. */
export function proportionScore(k: number, n: number, z: number = Z_95): Score {
  checkCounts(k, n);
  if (n === 0) return NOT_AVAILABLE;
  return { value: k / n, n, k, ci: wilsonInterval(k, n, z) };
}
