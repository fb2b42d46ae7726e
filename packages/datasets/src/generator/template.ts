import type { Rng } from './rng.ts';

/**
 * Fills one pool sentence. `{slot}` comes from `slots`, `{~group}` is a synonym, `{a|b}` an alternative,
 * and `[[…]]` marks a cue: the brackets are dropped and the cue's final text is returned, so ground truth
 * always quotes exactly what the post says.
 */
export function fillTemplate(
  template: string,
  slots: Readonly<Record<string, string>>,
  synonyms: Readonly<Record<string, readonly string[]>>,
  rng: Rng,
): { text: string; cues: string[] } {
  const filled = template.replace(/\{([^{}]*)\}/g, (_, token: string) => {
    if (token.includes('|')) return rng.pick(token.split('|'));
    if (token.startsWith('~')) {
      const group = synonyms[token.slice(1)];
      if (!group) throw new Error(`template "${template}" uses unknown synonym group ${token}`);
      return rng.pick(group);
    }
    const value = slots[token];
    if (value === undefined) throw new Error(`template "${template}" needs slot {${token}}`);
    return value;
  });
  const cues: string[] = [];
  const text = filled.replace(/\[\[(.+?)\]\]/g, (_, cue: string) => {
    cues.push(cue);
    return cue;
  });
  return { text, cues };
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

export const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
