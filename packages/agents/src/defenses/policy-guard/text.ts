import { stemmer } from 'stemmer';

/** Function words that carry no category or scenario meaning. */
const STOPWORDS = new Set(
  'a an the of in on at to for from by with and or is are was were be been being this that these those it its as into about any some what which who whom whose how when where why can could would should will shall may might do does did please tell me my your their his her our us you i we they them there here image photo picture shown show shows visible appear appears'.split(
    ' ',
  ),
);

/** People nouns: in the label texts they only say whose attribute it is ("age of people"). */
const PEOPLE = new Set('people person persons individual individuals someone man woman men women'.split(' '));

export interface Token {
  /** Lower-cased surface form. */
  word: string;
  stem: string;
  start: number;
  end: number;
}

/** Words with offsets; "driver's" → "driver", "e-mail" → "e", "mail" so compounds match their parts. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu)) {
    const raw = m[0].toLowerCase().replace(/'s$|'$/u, '');
    const word = raw.replace(/'/g, '');
    out.push({ word, stem: stemWord(word), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const irregular: Record<string, string> = {
  people: 'person',
  men: 'man',
  women: 'woman',
  children: 'child',
  wives: 'wife',
  knives: 'knife',
  occassion: 'occasion',
  occassions: 'occasion',
  licence: 'license',
  licences: 'license',
};

export function stemWord(word: string): string {
  const w = irregular[word] ?? word;
  return stemmer(w);
}

export function stems(text: string): string[] {
  return tokenize(text).map((t) => t.stem);
}

export function isStopStem(stem: string): boolean {
  return STOP_STEMS.has(stem);
}
const STOP_STEMS = new Set([...STOPWORDS].map(stemWord));
const PEOPLE_STEMS = new Set([...PEOPLE].map(stemWord));

/** Stems that say what a phrase is about: no function words, no "of people". */
export function contentStems(text: string): string[] {
  return stems(text).filter((s) => !STOP_STEMS.has(s) && !PEOPLE_STEMS.has(s));
}

/** Positions where `phrase` (stems) occurs in `tokens` (stems), allowing one function word inside the phrase. */
export function findPhrase(tokens: string[], phrase: string[]): number[] {
  const hits: number[] = [];
  if (phrase.length === 0) return hits;
  for (let i = 0; i < tokens.length; i++) {
    let t = i;
    let p = 0;
    let skipped = 0;
    while (t < tokens.length && p < phrase.length) {
      if (tokens[t] === phrase[p]) {
        t++;
        p++;
      } else if (p > 0 && skipped === 0 && STOP_STEMS.has(tokens[t] as string)) {
        t++;
        skipped++;
      } else break;
    }
    if (p === phrase.length) hits.push(i);
  }
  return hits;
}

/** Sørensen–Dice over stem sets. */
export function dice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = new Set(a);
  const sb = new Set(b);
  let both = 0;
  for (const s of sa) if (sb.has(s)) both++;
  return (2 * both) / (sa.size + sb.size);
}
