import { porterStem } from './porter-stemmer.ts';

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;
const WHITESPACE = /\s+/;
const STEM_CACHE_LIMIT = 500_000;

/**
 * Stems through a bounded memo: text corpora reuse a small vocabulary, and the stemmer is by far the
 * costliest part of tokenising. The memo is dropped whole when full (simple, and still hit-heavy).
 */
export function createStemCache(limit = STEM_CACHE_LIMIT): (word: string) => string {
  let cache = new Map<string, string>();
  return (word) => {
    let stem = cache.get(word);
    if (stem === undefined) {
      stem = porterStem(word);
      if (cache.size >= limit) cache = new Map();
      cache.set(word, stem);
    }
    return stem;
  };
}

const sharedStem = createStemCache();

export interface RougeTokenizeOptions {
  /** Porter-stem tokens longer than 3 characters, as rouge_score's `use_stemmer=True`. Default true. */
  stem?: boolean;
  /** A stemming function to use instead of the shared memoised one. */
  stemmer?: (word: string) => string;
}

/**
 * rouge_score's default tokenizer: lower-case, every run of characters outside [a-z0-9] becomes a space,
 * split on whitespace, stem tokens longer than 3 characters, drop empty tokens.
 */
export function rougeTokenize(text: string, options: RougeTokenizeOptions = {}): string[] {
  const stem = options.stem === false ? null : (options.stemmer ?? sharedStem);
  const tokens: string[] = [];
  scanRougeWords(text, (word) => {
    tokens.push(stem !== null && word.length > 3 ? stem(word) : word);
  });
  return tokens;
}

/**
 * The word-splitting half of the rouge_score tokenizer: calls `onWord` with each lower-cased [a-z0-9]
 * run, in order, before any stemming.
 */
export function scanRougeWords(text: string, onWord: (word: string) => void): void {
  if (!isAscii(text)) {
    // Unicode lower-casing can yield ASCII letters (e.g. the Kelvin sign → k); take the general path.
    for (const part of text.toLowerCase().replace(NON_ALPHANUMERIC, ' ').split(WHITESPACE))
      if (part.length > 0) onWord(part);
    return;
  }
  // ASCII fast path: one scan, no regex, lower-casing only the words that need it.
  let start = -1;
  let upper = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const capital = c >= 65 && c <= 90;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || capital) {
      if (start < 0) {
        start = i;
        upper = false;
      }
      if (capital) upper = true;
    } else if (start >= 0) {
      const word = text.slice(start, i);
      onWord(upper ? word.toLowerCase() : word);
      start = -1;
    }
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** How to turn text into BLEU tokens; NLTK's `sentence_bleu` takes tokens as given. */
export type BleuTokenizer = 'whitespace' | 'rouge';

/**
 * `whitespace` is Python's `str.split()` (what most benchmark scripts pass to `sentence_bleu`);
 * `rouge` is the rouge_score tokenizer without stemming (lower-cased alphanumeric runs).
 */
export function bleuTokenize(text: string, tokenizer: BleuTokenizer = 'whitespace'): string[] {
  if (tokenizer === 'rouge') return rougeTokenize(text, { stem: false });
  return text.split(WHITESPACE).filter((t) => t.length > 0);
}
