/** Agreement of two judges beyond chance, with the counts it was computed from. */
export interface KappaResult {
  /** Cohen's kappa; 1 when both judges used one and the same single label throughout (no disagreement possible). */
  kappa: number;
  /** Observed agreement p_o. */
  observed: number;
  /** Chance agreement p_e from the two judges' marginals. */
  expected: number;
  n: number;
}

/**
 * Cohen's kappa over paired labels: (p_o − p_e) / (1 − p_e). Labels are compared as strings, so an exception
 * verdict is a category of its own, as it would be in a confusion matrix of the raw outputs.
 */
export function cohenKappa(labelsA: readonly string[], labelsB: readonly string[]): KappaResult {
  if (labelsA.length !== labelsB.length) {
    throw new Error(
      `cohenKappa: ${labelsA.length} labels against ${labelsB.length}; the two lists must pair up`,
    );
  }
  const n = labelsA.length;
  if (n === 0) throw new Error('cohenKappa: no paired labels');
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const a = labelsA[i] as string;
    const b = labelsB[i] as string;
    if (a === b) agree++;
    countA.set(a, (countA.get(a) ?? 0) + 1);
    countB.set(b, (countB.get(b) ?? 0) + 1);
  }
  const observed = agree / n;
  let expected = 0;
  for (const [label, ca] of countA) expected += (ca / n) * ((countB.get(label) ?? 0) / n);
  // Both judges constant and identical: p_e = 1, kappa undefined; report perfect agreement rather than NaN.
  const kappa = expected === 1 ? 1 : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, n };
}
