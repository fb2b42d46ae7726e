/**
 * Length of the longest common subsequence of two id sequences, one DP row kept in a reusable typed
 * array: O(m·n) time, O(min) memory, no per-call allocation once the buffer is large enough.
 */
let row: Int32Array = new Int32Array(256);

export function lcsLength(a: ArrayLike<number>, b: ArrayLike<number>): number {
  // Keep the row on the shorter side.
  if (b.length > a.length) {
    const t = a;
    a = b;
    b = t;
  }
  const n = b.length;
  if (n === 0) return 0;
  if (row.length < n + 1) row = new Int32Array(Math.max(n + 1, row.length * 2));
  const r = row;
  r.fill(0, 0, n + 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    let diagonal = 0; // r[j] of the previous row, before it is overwritten
    for (let j = 1; j <= n; j++) {
      const up = r[j]!;
      if (ai === b[j - 1]) r[j] = diagonal + 1;
      else {
        const left = r[j - 1]!;
        r[j] = left > up ? left : up;
      }
      diagonal = up;
    }
  }
  return r[n]!;
}
