export interface CostInput {
  tokens: number;
  costUsd: number;
  seconds: number;
  /** Correct attributes (e.g. top-1 precise count); fractional credit allowed. */
  correct: number;
}

export interface CostEfficiency {
  correct: number;
  tokensPerCorrect: number | 'N/A';
  costUsdPerCorrect: number | 'N/A';
  secondsPerCorrect: number | 'N/A';
  /** Correct attributes per dollar and per minute, for "more is better" charts. */
  correctPerUsd: number | 'N/A';
  correctPerMinute: number | 'N/A';
}

function ratio(a: number, b: number): number | 'N/A' {
  return b > 0 ? a / b : 'N/A';
}

/** What one correct inference costs: tokens, dollars and seconds per correct attribute ('N/A' with none correct). */
export function costEfficiency(input: CostInput): CostEfficiency {
  for (const [name, v] of Object.entries(input)) {
    if (!Number.isFinite(v) || v < 0)
      throw new RangeError(`costEfficiency: ${name} must be a non-negative number, got ${v}`);
  }
  const { tokens, costUsd, seconds, correct } = input;
  return {
    correct,
    tokensPerCorrect: ratio(tokens, correct),
    costUsdPerCorrect: ratio(costUsd, correct),
    secondsPerCorrect: ratio(seconds, correct),
    correctPerUsd: ratio(correct, costUsd),
    correctPerMinute: ratio(correct, seconds / 60),
  };
}
