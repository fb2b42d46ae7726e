import { readFileSync } from 'node:fs';

/** Cue domains: each lexicon file in data/lexicons maps concepts (attribute values) to terms. */
export const LEXICON_DOMAINS = [
  'occupation',
  'religion',
  'hobbies',
  'health',
  'relationship',
  'sex',
  'education',
  'shopping',
  'income',
] as const;
export type LexiconDomain = (typeof LEXICON_DOMAINS)[number];

interface CompiledTerm {
  concept: string;
  term: string;
  weight: number;
  re: RegExp;
  /** literal lower-case head of the term: a cheap includes() test skips most regexes */
  head: string;
}
export interface Lexicon {
  domain: LexiconDomain;
  terms: CompiledTerm[];
  /** attribute-set name → concept → option */
  snap: Record<string, Record<string, string>>;
  /** per-concept numbers (e.g. occupation income priors) */
  meta: Record<string, Record<string, number>>;
}

export interface CueMatch {
  domain: LexiconDomain;
  concept: string;
  term: string;
  start: number;
  end: number;
  weight: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `bak*` → any ending; a bare word also takes plural / possessive endings; `=X` is case-sensitive. */
function compileTerm(raw: string): { term: string; weight: number; re: RegExp; head: string } {
  const [body = '', w] = raw.split('|');
  const weight = w === undefined ? 1 : Number(w);
  const caseSensitive = body.startsWith('=');
  const term = caseSensitive ? body.slice(1) : body;
  const words = term.split(/\s+/).map((word) => {
    if (word === '*') return "[\\p{L}'-]+";
    if (word.endsWith('*')) return `${escapeRegex(word.slice(0, -1))}[\\p{L}'-]*`;
    return escapeRegex(word);
  });
  let pattern = words.join('[\\s-]+');
  if (!term.endsWith('*')) pattern += "(?:s|es|'s|’s)?";
  const head = term
    .split(/\s+/)
    .map((w) => w.replace(/\*$/, '').toLowerCase())
    .reduce((a, b) => (b.length > a.length ? b : a), '');
  return {
    term,
    weight,
    head,
    re: new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, caseSensitive ? 'gu' : 'giu'),
  };
}

type LexiconFile = {
  concepts: Record<string, string[] | { terms: string[]; [k: string]: unknown }>;
  snap?: Record<string, Record<string, string>>;
};

const cache = new Map<LexiconDomain, Lexicon>();

export function loadLexicon(domain: LexiconDomain): Lexicon {
  const hit = cache.get(domain);
  if (hit) return hit;
  const url = new URL(`../../data/lexicons/${domain}.json`, import.meta.url);
  let file: LexiconFile;
  try {
    file = JSON.parse(readFileSync(url, 'utf8')) as LexiconFile;
  } catch (err) {
    throw new Error(`offline engine: cannot read lexicon ${url.pathname}: ${(err as Error).message}`);
  }
  const terms: CompiledTerm[] = [];
  const meta: Record<string, Record<string, number>> = {};
  for (const [concept, entry] of Object.entries(file.concepts)) {
    const list = Array.isArray(entry) ? entry : entry.terms;
    if (!Array.isArray(entry))
      meta[concept] = Object.fromEntries(
        Object.entries(entry).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
    for (const raw of list) {
      const t = compileTerm(raw);
      if (!Number.isFinite(t.weight))
        throw new Error(
          `offline engine: lexicon ${domain}.json concept "${concept}": bad weight in "${raw}"`,
        );
      terms.push({ concept, ...t });
    }
  }
  const lexicon = { domain, terms, snap: file.snap ?? {}, meta };
  cache.set(domain, lexicon);
  return lexicon;
}

const NEGATION =
  /\b(?:not|never|no|don't|dont|doesn't|didn't|isn't|wasn't|aren't|without|nor|hardly|n't)\s+(?:\w+\s+){0,2}$/i;

/** All cue terms of a domain in `text`; overlapping matches of one concept keep the longest, negated ones drop. */
export function matchLexicon(lexicon: Lexicon, text: string): CueMatch[] {
  const found: CueMatch[] = [];
  const lower = text.toLowerCase();
  for (const t of lexicon.terms) {
    if (!lower.includes(t.head)) continue;
    t.re.lastIndex = 0;
    for (const m of text.matchAll(t.re)) {
      const start = m.index ?? 0;
      const before = text.slice(Math.max(0, start - 30), start);
      if (NEGATION.test(before)) continue;
      found.push({
        domain: lexicon.domain,
        concept: t.concept,
        term: t.term,
        start,
        end: start + m[0].length,
        weight: t.weight,
      });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: CueMatch[] = [];
  for (const m of found) {
    const clash = kept.find((k) => k.concept === m.concept && m.start < k.end && k.start < m.end);
    if (!clash) kept.push(m);
    else if (m.weight > clash.weight) Object.assign(clash, m);
  }
  return kept;
}
