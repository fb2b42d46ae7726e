/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy's `ks_2samp(a, b)` with its default
 * `method='auto'`: the exact null distribution when both samples have at most 10,000 values (scipy's
 * Horner-form sum for equal sizes, the lattice-path recursion otherwise), falling back to the asymptotic
 * distribution when the exact computation is not possible.
 */
export interface KsTestResult {
  statistic: number;
  pvalue: number;
  /** 'exact' is scipy's default path; 'asymp' here is the Kolmogorov limit, close to but not scipy's kstwo. */
  method: 'exact' | 'asymp';
}

const MAX_EXACT_N = 10_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Number of sorted values ≤ x (numpy's searchsorted side='right'). */
function countAtMost(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy's round: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** P(D ≥ h/n) for two samples of size n: 2·A0·(1 − A1·(1 − A2·(…))), each A_k a product of h ratios. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D ≥ h/lcm) for sizes m ≠ n by walking the lattice column by column and keeping, in a sliding window,
 * the probability of having already left the band |x/m − y/n| < h/lcm.
 */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 < n0 ? [n0, m0] : [m0, n0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}

/** Survival function of the Kolmogorov limiting distribution, Q(x) = 2 Σ (−1)^(k−1) e^(−2k²x²). */
function kolmogorovSf(x: number): number {
  if (x <= 0) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

function sortedCopy(values: ArrayLike<number>, name: string): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++)
    if (Number.isNaN(out[i]!)) throw new RangeError(`ks2Samp: ${name}[${i}] is NaN`);
  return out.sort();
}

export function ks2Samp(sample1: ArrayLike<number>, sample2: ArrayLike<number>): KsTestResult {
  const a = sortedCopy(sample1, 'sample1');
  const b = sortedCopy(sample2, 'sample2');
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ks2Samp: both samples must be non-empty');
  let minDiff = Number.POSITIVE_INFINITY;
  let maxDiff = Number.NEGATIVE_INFINITY;
  for (const sorted of [a, b]) {
    for (const x of sorted) {
      const diff = countAtMost(a, x) / n1 - countAtMost(b, x) / n2;
      if (diff < minDiff) minDiff = diff;
      if (diff > maxDiff) maxDiff = diff;
    }
  }
  const minS = Math.min(1, Math.max(0, -minDiff));
  let d = minS > maxDiff ? minS : maxDiff;

  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pvalue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    if (Number.isFinite(p) && p >= 0 && p <= 1) return { statistic: d, pvalue: p, method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  return { statistic: d, pvalue: kolmogorovSf(Math.sqrt(en) * d), method: 'asymp' };
}
