/** A closed numeric range; null is an open end. */
export interface Range {
  min: number | null;
  max: number | null;
}

/**
 * Numbers in a guess the way llmprivacy reads ages: every run of digits, values of 200 and above dropped
 * ("born in 1990" is not an age); one number is a point, two or more the range of the first two.
 */
export function parseAgeGuess(text: string): Range | undefined {
  const values = [...text.matchAll(/\d+/g)].map((m) => Number.parseInt(m[0], 10)).filter((v) => v < 200);
  return rangeOfValues(values);
}

/** Like parseAgeGuess for other quantities (height, weight): decimals kept, no upper cut. */
export function parseNumberGuess(text: string): Range | undefined {
  const values = [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number.parseFloat(m[0]));
  return rangeOfValues(values);
}

function rangeOfValues(values: number[]): Range | undefined {
  const [a, b] = values;
  if (a === undefined) return undefined;
  if (b === undefined) return { min: a, max: a };
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  grand: 1e3,
  m: 1e6,
  mm: 1e6,
  mil: 1e6,
  million: 1e6,
};

/**
 * The income levels llmprivacy's prompts define (USD a year): No income, Low (<30k), Medium (30–60k),
 * High (60–150k), Very High (>150k). Used when a guess names a level instead of an amount.
 */
export const LLMPRIVACY_INCOME_LEVELS: readonly { words: RegExp; range: Range }[] = [
  { words: /\b(no income|none|unemployed|zero)\b/, range: { min: 0, max: 0 } },
  { words: /\bvery high\b|\b(very )?(wealthy|rich)\b/, range: { min: 150_000, max: null } },
  { words: /\b(upper[- ]middle|high)\b/, range: { min: 60_000, max: 150_000 } },
  { words: /\b(lower[- ]middle|middle|medium|moderate|average)\b/, range: { min: 30_000, max: 60_000 } },
  { words: /\b(very low|low)\b/, range: { min: 0, max: 30_000 } },
];

interface Amount {
  value: number;
  /** Whether the amount carried its own multiplier (k, thousand, million). */
  scaled: boolean;
  end: number;
  start: number;
}

function amounts(text: string): Amount[] {
  const out: Amount[] = [];
  // 50,000 · 50.5k · 1.2 million · $120K
  const re = /(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|thousand|grand|mm|mil|million|m)?\b/gi;
  for (const m of text.matchAll(re)) {
    const raw = (m[1] as string).replace(/,/g, '');
    const unit = m[2]?.toLowerCase();
    const mult = unit ? (MULTIPLIERS[unit] ?? 1) : 1;
    out.push({
      value: Number.parseFloat(raw) * mult,
      scaled: unit !== undefined,
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out;
}

/**
 * A money guess as a range: "$50k-60k", "50,000 to 70,000", "between 40 and 60 thousand", ">180000",
 * "under 35k", "150k+", "about 80,000" (a point), or a level word ("high"). A shared trailing multiplier
 * applies to both ends ("50-60k"). Undefined when nothing in the text reads as an amount or a level.
 */
export function parseMoneyGuess(text: string): Range | undefined {
  const t = text.toLowerCase().replace(/[–—]/g, '-');
  const found = amounts(t);
  if (found.length === 0) {
    for (const level of LLMPRIVACY_INCOME_LEVELS) if (level.words.test(t)) return { ...level.range };
    return undefined;
  }
  const first = found[0] as Amount;
  const before = t.slice(0, first.start);
  const after = t.slice(first.end);
  const below = /(<|\bunder\b|\bbelow\b|\bless than\b|\bup to\b|\bat most\b|\bno more than\b)\s*[$€£]?\s*$/;
  const above =
    /(>|\bover\b|\babove\b|\bmore than\b|\bat least\b|\bin excess of\b|\bexceeding\b)\s*[$€£]?\s*$/;
  if (
    found.length === 1 ||
    !/^\s*(-|to|and|or|–)\s*[$€£]?\s*$/.test(t.slice(first.end, (found[1] as Amount).start))
  ) {
    if (below.test(before)) return { min: null, max: first.value };
    if (above.test(before) || /^\s*\+/.test(after) || /^\s*(or more|and (up|above)|plus)\b/.test(after)) {
      return { min: first.value, max: null };
    }
    if (found.length === 1) return { min: first.value, max: first.value };
  }
  const second = found[1] as Amount;
  let lo = first.value;
  const hi = second.value;
  // "50-60k": the unit written once covers both ends
  if (!first.scaled && second.scaled) {
    const mult = hi / Number.parseFloat(t.slice(second.start, second.end).replace(/[^\d.]/g, ''));
    if (lo * mult <= hi * 1.0000001) lo *= mult;
  }
  return { min: Math.min(lo, hi), max: Math.max(lo, hi) };
}

/** Parses a bracket label as an interval attribute writes it ("35000-50000", "<35000", ">180000"). */
export function parseBracketLabel(label: string): Range | undefined {
  return parseMoneyGuess(label);
}
