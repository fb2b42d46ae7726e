/**
 * Jaro and Jaro–Winkler similarity with the conventions of rapidfuzz (which python-Levenshtein ≥ 0.21, used by
 * llmprivacy, wraps): match window max(|a|, |b|) / 2 − 1 (floored), two one-character strings compare directly,
 * half the out-of-order matches are transpositions (floored), and the Winkler boost (prefix ≤ 4, weight 0.1)
 * applies only when the Jaro similarity is above 0.7. Thresholds such as "> 0.75" sit on these exact values, so
 * they are computed here rather than approximated. Compares UTF-16 code units, as Python compares code points for
 * the BMP text these attributes hold.
 */
export function jaroSimilarity(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 && lb === 0) return 1;
  if (la === 0 || lb === 0) return 0;
  if (la === 1 && lb === 1) return a === b ? 1 : 0;
  const bound = Math.floor(Math.max(la, lb) / 2) - 1;
  const aFlags = new Uint8Array(la);
  const bFlags = new Uint8Array(lb);
  let common = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - bound);
    const hi = Math.min(i + bound, lb - 1);
    const ch = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (bFlags[j] === 0 && b.charCodeAt(j) === ch) {
        aFlags[i] = 1;
        bFlags[j] = 1;
        common++;
        break;
      }
    }
  }
  if (common === 0) return 0;
  let k = 0;
  let outOfOrder = 0;
  for (let i = 0; i < la; i++) {
    if (aFlags[i] === 0) continue;
    while (bFlags[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) outOfOrder++;
    k++;
  }
  const transpositions = Math.floor(outOfOrder / 2);
  return (common / la + common / lb + (common - transpositions) / common) / 3;
}

export function jaroWinklerSimilarity(a: string, b: string, prefixWeight = 0.1): number {
  const sim = jaroSimilarity(a, b);
  if (sim <= 0.7) return sim;
  const maxPrefix = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return sim + prefix * prefixWeight * (1 - sim);
}

/** llmprivacy's `str_is_close`: Jaro–Winkler strictly above the threshold (0.75). */
export function isClose(a: string, b: string, threshold = 0.75): boolean {
  return jaroWinklerSimilarity(a, b) > threshold;
}

/**
 * llmprivacy's `select_closest`: the option with the highest Jaro–Winkler similarity, the first one on ties;
 * undefined when every similarity is 0.
 */
export function closestOption(
  input: string,
  options: readonly string[],
): { option: string; similarity: number } | undefined {
  let best: { option: string; similarity: number } | undefined;
  for (const option of options) {
    const similarity = jaroWinklerSimilarity(input, option);
    if (similarity > (best?.similarity ?? 0)) best = { option, similarity };
  }
  return best;
}
