import { type CategoryCues, QUALIFIERS, SPY_CATEGORY_CUES } from './category-lexicon.ts';
import { withGazetteers } from './category-gazetteers.ts';
import { contentStems, findPhrase, stems } from './text.ts';

const DEFAULT_CUES = withGazetteers(SPY_CATEGORY_CUES);

export interface CategoryScore {
  label: string;
  score: number;
  /** The cue phrases that matched, for the decision's reason. */
  cues: string[];
}

interface Phrase {
  text: string;
  stems: string[];
  weight: number;
}

const STRONG = 3;
const WEAK = 1;
const QUALIFIER = 1.5;

/** Longer phrases are more specific: "license plate" must beat the bare "license". */
const lengthBonus = (n: number) => 1 + 0.25 * (n - 1);

export type CategoryClassifier = (text: string) => CategoryScore[];

/**
 * Scores every category of `label2text` against a text: the category's own label text and its lexicon cues,
 * matched on stems, plus a complete/partial qualifier when the label has one. Categories without lexicon
 * entries (a benchmark's new labels) still match through their label text.
 */
export function createCategoryClassifier(
  label2text: Record<string, string>,
  cues: Record<string, CategoryCues> = DEFAULT_CUES,
): CategoryClassifier {
  const qualifierStems = {
    complete: new Set(QUALIFIERS.complete.flatMap(stems)),
    partial: new Set(QUALIFIERS.partial.flatMap(stems)),
  };
  const table = Object.entries(label2text)
    .filter(([label]) => label !== 'a0_safe')
    .map(([label, text]) => {
      const phrases: Phrase[] = [];
      const own = contentStems(text).filter(
        (s) => !qualifierStems.complete.has(s) && !qualifierStems.partial.has(s),
      );
      if (own.length > 0) phrases.push({ text, stems: own, weight: STRONG * lengthBonus(own.length) });
      const entry = cues[label];
      for (const [list, weight] of [
        [entry?.strong ?? [], STRONG],
        [entry?.weak ?? [], WEAK],
      ] as const)
        for (const cue of list) {
          const s = stems(cue);
          if (s.length > 0) phrases.push({ text: cue, stems: s, weight: weight * lengthBonus(s.length) });
        }
      const labelStems = new Set(stems(text));
      const qualifier: 'partial' | 'complete' | undefined = [...labelStems].some((s) =>
        qualifierStems.partial.has(s),
      )
        ? 'partial'
        : [...labelStems].some((s) => qualifierStems.complete.has(s))
          ? 'complete'
          : undefined;
      return { label, phrases, qualifier };
    });

  return (text: string) => {
    const tokens = stems(text);
    const present = new Set(tokens);
    const has = {
      complete: tokens.some((t) => qualifierStems.complete.has(t)),
      partial: tokens.some((t) => qualifierStems.partial.has(t)),
    };
    const scores: CategoryScore[] = [];
    for (const { label, phrases, qualifier } of table) {
      let score = 0;
      const matched: string[] = [];
      const seen = new Set<string>();
      for (const p of phrases) {
        const key = p.stems.join(' ');
        if (seen.has(key) || !p.stems.every((s) => present.has(s))) continue;
        if (findPhrase(tokens, p.stems).length === 0) continue;
        seen.add(key);
        score += p.weight;
        matched.push(p.text);
      }
      if (score > 0 && qualifier && has[qualifier]) {
        score += QUALIFIER;
        matched.push(`(${qualifier})`);
      }
      if (score > 0) scores.push({ label, score, cues: matched });
    }
    return scores.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  };
}
