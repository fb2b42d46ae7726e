import { lcsLength } from './lcs.ts';
import { createStemCache, rougeTokenize } from './tokenize.ts';

export interface RougeValue {
  precision: number;
  recall: number;
  fmeasure: number;
}

export type RougeType = 'rouge1' | 'rouge2' | 'rougeL';

export type RougeResult = Record<RougeType, RougeValue>;

export interface RougeScorerOptions {
  /** Default true, as rouge_score with `use_stemmer=True`. */
  stem?: boolean;
}

export interface RougeScorer {
  /** Scores a prediction against its reference: reference first, as rouge_score's `score(target, prediction)`. */
  score(reference: string, prediction: string): RougeResult;
  /** ROUGE-L alone, skipping the n-gram counts (the hot path of TOFU-style evaluation). */
  scoreL(reference: string, prediction: string): RougeValue;
}

/** rouge_score's F: 2PR/(P+R), 0 when both are 0; evaluated in the same order so the doubles agree. */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function ngramScore(reference: readonly string[], prediction: readonly string[], n: number): RougeValue {
  const referenceCounts = ngramCounts(reference, n);
  const predictionCounts = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [gram, count] of referenceCounts) overlap += Math.min(count, predictionCounts.get(gram) ?? 0);
  const referenceTotal = Math.max(0, reference.length - n + 1);
  const predictionTotal = Math.max(0, prediction.length - n + 1);
  const precision = overlap / Math.max(predictionTotal, 1);
  const recall = overlap / Math.max(referenceTotal, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/**
 * A ROUGE scorer with its own stem memo and token-id vocabulary, so repeated scoring over a corpus
 * stems each distinct word once and runs the LCS over integers.
 */
export function createRougeScorer(options: RougeScorerOptions = {}): RougeScorer {
  const stemmer = createStemCache();
  const tokenize = (text: string) => rougeTokenize(text, { stem: options.stem !== false, stemmer });
  let vocabulary = new Map<string, number>();
  let refIds: Int32Array = new Int32Array(64);
  let predIds: Int32Array = new Int32Array(64);

  const toIds = (tokens: readonly string[], buffer: Int32Array): Int32Array => {
    let out = buffer;
    if (out.length < tokens.length) out = new Int32Array(Math.max(tokens.length, buffer.length * 2));
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      let id = vocabulary.get(token);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(token, id);
      }
      out[i] = id;
    }
    return out;
  };

  const lcsScore = (reference: readonly string[], prediction: readonly string[]): RougeValue => {
    if (reference.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
    // Ids only need to agree within one pair; restart the vocabulary before it grows without bound.
    if (vocabulary.size > 1_000_000) vocabulary = new Map();
    refIds = toIds(reference, refIds);
    predIds = toIds(prediction, predIds);
    const lcs = lcsLength(refIds.subarray(0, reference.length), predIds.subarray(0, prediction.length));
    const precision = lcs / prediction.length;
    const recall = lcs / reference.length;
    return { precision, recall, fmeasure: fmeasure(precision, recall) };
  };

  return {
    score(reference, prediction) {
      const ref = tokenize(reference);
      const pred = tokenize(prediction);
      return {
        rouge1: ngramScore(ref, pred, 1),
        rouge2: ngramScore(ref, pred, 2),
        rougeL: lcsScore(ref, pred),
      };
    },
    scoreL(reference, prediction) {
      return lcsScore(tokenize(reference), tokenize(prediction));
    },
  };
}

let sharedScorer: RougeScorer | undefined;

/**
 * ROUGE-1/2/L precision, recall and F of `prediction` against `reference`, identical to Python
 * rouge_score's `RougeScorer(['rouge1','rouge2','rougeL'], use_stemmer=True).score(reference, prediction)`.
 */
export function rougeScore(reference: string, prediction: string): RougeResult {
  sharedScorer ??= createRougeScorer();
  return sharedScorer.score(reference, prediction);
}
