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
  /** lower-case leading letters/digits of the first word: the token index finds candidate terms by it */
  key: string;
  /** the first word ends in `*`, so a text token need only start with `key` */
  prefix: boolean;
}
export interface Lexicon {
  domain: LexiconDomain;
  terms: CompiledTerm[];
  /** attribute-set name → concept → option */
  snap: Record<string, Record<string, string>>;
  /** per-concept numbers (e.g. occupation income priors) */
  meta: Record<string, Record<string, number>>;
  /** per-concept strings (e.g. an occupation's minimum education) */
  tags: Record<string, Record<string, string>>;
  index: TermIndex;
}

/**
 * Terms by the first token they can start at. Running every term's regex over every text cost ~25 ms per
 * post; the index narrows that to the few terms whose first word occurs, and the regex still decides.
 */
interface TermIndex {
  exact: Map<string, CompiledTerm[]>;
  prefix3: Map<string, CompiledTerm[]>;
  /** prefix terms shorter than 3 letters and terms opening with a wildcard */
  rest: CompiledTerm[];
}

function buildIndex(terms: CompiledTerm[]): TermIndex {
  const index: TermIndex = { exact: new Map(), prefix3: new Map(), rest: [] };
  const put = (m: Map<string, CompiledTerm[]>, k: string, t: CompiledTerm) => {
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  };
  for (const t of terms) {
    if (!t.key || (t.prefix && t.key.length < 3)) index.rest.push(t);
    else if (t.prefix) put(index.prefix3, t.key.slice(0, 3), t);
    else put(index.exact, t.key, t);
  }
  return index;
}

function candidateTerms(index: TermIndex, lower: string): Set<CompiledTerm> {
  const out = new Set<CompiledTerm>();
  const seen = new Set<string>();
  for (const m of lower.matchAll(/[\p{L}\p{N}]+/gu)) {
    const tok = m[0];
    if (seen.has(tok)) continue;
    seen.add(tok);
    for (const k of [tok, tok.replace(/s$/, ''), tok.replace(/es$/, '')])
      for (const t of index.exact.get(k) ?? []) out.add(t);
    for (const t of index.prefix3.get(tok.slice(0, 3)) ?? []) if (tok.startsWith(t.key)) out.add(t);
  }
  for (const t of index.rest) if (!t.prefix || [...seen].some((tok) => tok.startsWith(t.key))) out.add(t);
  return out;
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
function compileTerm(raw: string): Omit<CompiledTerm, 'concept'> {
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
  const first = (term.split(/\s+/)[0] ?? '').toLowerCase();
  const key = first === '*' ? '' : (/^[\p{L}\p{N}]+/u.exec(first)?.[0] ?? '');
  return {
    term,
    weight,
    key,
    prefix: first.endsWith('*') && `${key}*` === first,
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
  const tags: Record<string, Record<string, string>> = {};
  for (const [concept, entry] of Object.entries(file.concepts)) {
    const list = Array.isArray(entry) ? entry : entry.terms;
    if (!Array.isArray(entry)) {
      meta[concept] = Object.fromEntries(
        Object.entries(entry).filter((e): e is [string, number] => typeof e[1] === 'number'),
      );
      tags[concept] = Object.fromEntries(
        Object.entries(entry).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    }
    for (const raw of list) {
      const t = compileTerm(raw);
      if (!Number.isFinite(t.weight))
        throw new Error(
          `offline engine: lexicon ${domain}.json concept "${concept}": bad weight in "${raw}"`,
        );
      terms.push({ concept, ...t });
    }
  }
  const lexicon = { domain, terms, snap: file.snap ?? {}, meta, tags, index: buildIndex(terms) };
  cache.set(domain, lexicon);
  return lexicon;
}

const NEGATION =
  /\b(?:not|never|no|don't|dont|doesn't|didn't|isn't|wasn't|aren't|without|nor|hardly|n't)\s+(?:\w+\s+){0,2}$/i;

/** All cue terms of a domain in `text`; overlapping matches of one concept keep the longest, negated ones drop. */
export function matchLexicon(lexicon: Lexicon, text: string): CueMatch[] {
  const found: CueMatch[] = [];
  const lower = text.toLowerCase();
  for (const t of candidateTerms(lexicon.index, lower)) {
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
