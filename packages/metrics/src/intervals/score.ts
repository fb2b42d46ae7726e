/** A 95% (by default) confidence interval, [lo, hi], in the same unit as the value it brackets. */
export type Interval95 = [lo: number, hi: number];

/**
 * One reported score. `n` is the size of the denominator, `k` the count in the numerator when the score is a
 * proportion. An empty denominator is never NaN: it is the string 'N/A', the way the reference scripts print it.
 */
export interface ScoreValue {
  value: number;
  n: number;
  k?: number;
  ci: Interval95;
}
export type Score = ScoreValue | 'N/A';

export const NOT_AVAILABLE = 'N/A' as const;

export function isScored(score: Score): score is ScoreValue {
  return score !== NOT_AVAILABLE;
}

/** The value of a score, or undefined for 'N/A'; for arithmetic that must not silently see NaN. */
export function scoreValue(score: Score): number | undefined {
  return score === NOT_AVAILABLE ? undefined : score.value;
}

/** Multiplies value and interval by `factor` (fractions → percentages), keeping counts. */
export function scaleScore(score: Score, factor: number): Score {
  if (score === NOT_AVAILABLE) return score;
  return { ...score, value: score.value * factor, ci: [score.ci[0] * factor, score.ci[1] * factor] };
}
