/**
 * Summation in numpy's order. `np.mean`/`np.sum` of a contiguous float64 array use pairwise summation
 * (blocks of at most 128 summed with eight interleaved accumulators, larger arrays split recursively at
 * a multiple of 8), so a plain left-to-right loop differs from the reference in the last bits; TOFU's
 * aggregate numbers are reproduced exactly only in this order.
 */
const BLOCK = 128;

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= BLOCK) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(a, start, half) + pairwise(a, start + half, n - half);
}

/** `np.sum(values)` for a 1-D float64 array (the add reduction starts from the identity 0). */
export function numpySum(values: ArrayLike<number>): number {
  return 0 + pairwise(values, 0, values.length);
}

/** `np.mean(values)`; NaN for an empty array, as numpy gives. */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
}
