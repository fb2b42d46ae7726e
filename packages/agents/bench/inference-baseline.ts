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
 * Majority-class baseline, leave-one-out: each user is guessed the three most frequent values among the
 * *other* users (members for set attributes; the median and quartiles of the others for numbers), so the
 * baseline never sees the answer it is scored on.
 */
export function leaveOneOutMajority(
  profiles: (Profile | undefined)[],
  target: InferenceTarget,
): AttributeGuess[] {
  const numeric = target.definition.kind === 'number';
  if (numeric) {
    const values = profiles.map((p) => Number(truthOf(p, target)));
    return values.map((own, i) => {
      const others = values.filter((v, j) => j !== i && Number.isFinite(v)).sort((a, b) => a - b);
      if (!others.length || !Number.isFinite(own))
        return { attribute: target.key, candidates: [], abstained: true };
      const q = (f: number) => others[Math.min(others.length - 1, Math.floor(f * others.length))] as number;
      const picks = [...new Set([q(0.5), q(0.25), q(0.75)])];
      return {
        attribute: target.key,
        abstained: false,
        candidates: picks.map((v) => ({ value: String(v), confidence: 1 / 3, evidenceIds: [] })),
      };
    });
  }
  const counts = new Map<string, number>();
  const own = profiles.map((p) => members(truthOf(p, target)));
  for (const m of own) for (const v of m) counts.set(v, (counts.get(v) ?? 0) + 1);
  return own.map((mine) => {
    const local = new Map(counts);
    for (const v of mine) local.set(v, (local.get(v) ?? 0) - 1);
    // Ties broken by value so the baseline is deterministic.
    const top = [...local]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3);
    if (!top.length) return { attribute: target.key, candidates: [], abstained: true };
    return {
      attribute: target.key,
      abstained: false,
      candidates: top.map(([value]) => ({ value, confidence: 1 / 3, evidenceIds: [] })),
    };
  });
}
