import { fsum } from './fsum.ts';

export type BleuSmoothing = 'method0' | 'method1';

export interface SentenceBleuOptions {
  /** n-gram weights, one per order; default four of 0.25 (BLEU-4). */
  weights?: readonly number[];
  /** NLTK `SmoothingFunction().method1` (default) or no smoothing (`method0`). */
  smoothing?: BleuSmoothing;
  /** method1's epsilon added to a zero numerator; NLTK's default 0.1. */
  epsilon?: number;
}

export interface ModifiedPrecision {
  numerator: number;
  denominator: number;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // \u0001 cannot occur inside a real token's boundary; tokens are joined only to key the map.
    const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Clipped n-gram precision: hypothesis counts clipped by the largest count in any one reference. */
export function modifiedPrecision(
  references: readonly (readonly string[])[],
  hypothesis: readonly string[],
  n: number,
): ModifiedPrecision {
  const counts = ngramCounts(hypothesis, n);
  const maxRef = new Map<string, number>();
  for (const reference of references) {
    const refCounts = ngramCounts(reference, n);
    for (const gram of counts.keys()) {
      const c = refCounts.get(gram) ?? 0;
      if (c > (maxRef.get(gram) ?? 0)) maxRef.set(gram, c);
    }
  }
  let numerator = 0;
  let total = 0;
  for (const [gram, count] of counts) {
    numerator += Math.min(count, maxRef.get(gram) ?? 0);
    total += count;
  }
  return { numerator, denominator: Math.max(1, total) };
}

/** The reference length closest to the hypothesis length; ties go to the shorter reference. */
export function closestReferenceLength(references: readonly (readonly string[])[], hypothesisLength: number) {
  let best = Number.POSITIVE_INFINITY;
  for (const reference of references) {
    const len = reference.length;
    const d = Math.abs(len - hypothesisLength);
    const bestD = Math.abs(best - hypothesisLength);
    if (d < bestD || (d === bestD && len < best)) best = len;
  }
  return best;
}

export function brevityPenalty(closestRefLength: number, hypothesisLength: number): number {
  if (hypothesisLength > closestRefLength) return 1;
  if (hypothesisLength === 0) return 0;
  return Math.exp(1 - closestRefLength / hypothesisLength);
}

// sys.float_info.min: what NLTK's method0 substitutes for a zero precision before taking its log.
const FLOAT_MIN = 2.2250738585072014e-308;

/**
 * Sentence BLEU of one tokenised hypothesis against tokenised references, identical to NLTK's
 * `sentence_bleu(references, hypothesis, weights, smoothing_function=SmoothingFunction().method1)`:
 * 0 when no unigram matches, method1 replaces each zero numerator p_n by epsilon / denominator, the
 * brevity penalty uses the closest reference length, the weighted logs are summed exactly (math.fsum).
 */
export function sentenceBleu(
  references: readonly (readonly string[])[],
  hypothesis: readonly string[],
  options: SentenceBleuOptions = {},
): number {
  if (references.length === 0) throw new RangeError('sentenceBleu: at least one reference is required');
  const weights = options.weights ?? [0.25, 0.25, 0.25, 0.25];
  const smoothing = options.smoothing ?? 'method1';
  const epsilon = options.epsilon ?? 0.1;
  const precisions = weights.map((_, i) => modifiedPrecision(references, hypothesis, i + 1));
  if (precisions.length === 0 || precisions[0]!.numerator === 0) return 0;
  const bp = brevityPenalty(closestReferenceLength(references, hypothesis.length), hypothesis.length);
  const logs = precisions.map(({ numerator, denominator }, i) => {
    let p: number;
    if (numerator !== 0) p = numerator / denominator;
    else p = smoothing === 'method1' ? (numerator + epsilon) / denominator : FLOAT_MIN;
    return weights[i]! * Math.log(p);
  });
  return bp * Math.exp(fsum(logs));
}
