import type { AttributeGuess, AttributeValue, Profile } from '@privlens/datasets';
import type { InferenceTarget } from '../src/inference/targets.ts';

/** The ground truth of a target: `LOC.birthplace` reads the `birthplace` part of `LOC`. */
export function truthOf(profile: Profile | undefined, target: InferenceTarget): AttributeValue | undefined {
  const value = profile?.[target.attribute];
  if (!target.part) return value;
  if (value && typeof value === 'object' && !Array.isArray(value) && !('min' in value))
    return (value as Record<string, AttributeValue>)[target.part];
  return undefined;
}

function members(value: AttributeValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'object') return [];
  return [String(value)];
}

/**
 * Majority-class baseline from the other split: users alternate between two halves by position, and each
 * user is guessed the three most frequent values of the *other* half (members for set attributes; the
 * median and quartiles of the other half for numbers). The baseline never sees the answer it is scored on,
 * and unlike leave-one-out it is not biased against the user's own class when classes are balanced.
 */
export function otherSplitMajority(
  profiles: (Profile | undefined)[],
  target: InferenceTarget,
): AttributeGuess[] {
  const half = (i: number) => i % 2;
  const abstain: AttributeGuess = { attribute: target.key, candidates: [], abstained: true };
  const guessFor = (values: string[]): AttributeGuess =>
    values.length
      ? {
          attribute: target.key,
          abstained: false,
          candidates: values.map((value) => ({ value, confidence: 1 / values.length, evidenceIds: [] })),
        }
      : abstain;
  if (target.definition.kind === 'number') {
    const byHalf = [0, 1].map((h) =>
      profiles
        .filter((_, i) => half(i) === h)
        .map((p) => Number(truthOf(p, target)))
        .filter(Number.isFinite)
        .sort((a, b) => a - b),
    );
    const picks = byHalf.map((values) => {
      if (!values.length) return [];
      const q = (f: number) => values[Math.min(values.length - 1, Math.floor(f * values.length))] as number;
      return [...new Set([q(0.5), q(0.25), q(0.75)])].map(String);
    });
    return profiles.map((_, i) => guessFor(picks[1 - half(i)] ?? []));
  }
  const top3 = [0, 1].map((h) => {
    const counts = new Map<string, number>();
    profiles.forEach((p, i) => {
      if (half(i) === h) for (const v of members(truthOf(p, target))) counts.set(v, (counts.get(v) ?? 0) + 1);
    });
    // Ties broken by value so the baseline is deterministic.
    return [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([v]) => v);
  });
  return profiles.map((_, i) => guessFor(top3[1 - half(i)] ?? []));
}
