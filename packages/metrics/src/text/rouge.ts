import { lcsLength } from './lcs.ts';
import { porterStem } from './porter-stemmer.ts';
import { scanRougeWords } from './tokenize.ts';

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

// Ids stay below 2^21 (the memo is reset before), so a bigram packs into one exact double.
const MAX_IDS = 1 << 20;
const BIGRAM_SHIFT = 1 << 21;

function ngramCounts(ids: Int32Array, length: number, n: 1 | 2): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i + n <= length; i++) {
    const key = n === 1 ? ids[i]! : ids[i]! * BIGRAM_SHIFT + ids[i + 1]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function ngramScore(ref: Int32Array, refLength: number, pred: Int32Array, predLength: number, n: 1 | 2) {
  const referenceCounts = ngramCounts(ref, refLength, n);
  const predictionCounts = ngramCounts(pred, predLength, n);
  let overlap = 0;
  for (const [gram, count] of referenceCounts) overlap += Math.min(count, predictionCounts.get(gram) ?? 0);
  const precision = overlap / Math.max(predLength - n + 1, 1);
  const recall = overlap / Math.max(refLength - n + 1, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

const ZERO: RougeValue = Object.freeze({ precision: 0, recall: 0, fmeasure: 0 });

/**
 * A ROUGE scorer with its own memo from each word to the integer id of its (stemmed) token: a corpus
 * stems each distinct word once, and LCS and n-gram counts run over typed integer arrays.
 */
export function createRougeScorer(options: RougeScorerOptions = {}): RougeScorer {
  const stem = options.stem !== false;
  let wordIds = new Map<string, number>();
  let tokenIds = new Map<string, number>();
  let buffers: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];

  /** Writes the token ids of `text` into buffer `which`, returning how many there are. */
  const encode = (text: string, which: 0 | 1): number => {
    let out = buffers[which];
    let length = 0;
    scanRougeWords(text, (word) => {
      let id = wordIds.get(word);
      if (id === undefined) {
        const token = stem && word.length > 3 ? porterStem(word) : word;
        id = tokenIds.get(token);
        if (id === undefined) {
          id = tokenIds.size;
          tokenIds.set(token, id);
        }
        wordIds.set(word, id);
      }
      if (length === out.length) {
        const grown = new Int32Array(out.length * 2);
        grown.set(out);
        out = grown;
        buffers[which] = out;
      }
      out[length++] = id;
    });
    return length;
  };

  const encodePair = (reference: string, prediction: string): [number, number] => {
    // Ids need only agree within one pair; reset between pairs before the memo grows without bound.
    if (tokenIds.size > MAX_IDS - 100_000 || wordIds.size > 2 * MAX_IDS) {
      wordIds = new Map();
      tokenIds = new Map();
    }
    const refLength = encode(reference, 0);
    const predLength = encode(prediction, 1);
    if (tokenIds.size >= MAX_IDS) {
      // One pair alone brought in more distinct tokens than the packing allows: start afresh for it.
      wordIds = new Map();
      tokenIds = new Map();
      buffers = [new Int32Array(64), new Int32Array(64)];
      return encodePair(reference, prediction);
    }
    return [refLength, predLength];
  };

  const lcsScore = (refLength: number, predLength: number): RougeValue => {
    if (refLength === 0 || predLength === 0) return { ...ZERO };
    const lcs = lcsLength(buffers[0].subarray(0, refLength), buffers[1].subarray(0, predLength));
    const precision = lcs / predLength;
    const recall = lcs / refLength;
    return { precision, recall, fmeasure: fmeasure(precision, recall) };
  };

  return {
    score(reference, prediction) {
      const [refLength, predLength] = encodePair(reference, prediction);
      const [ref, pred] = buffers;
      return {
        rouge1: ngramScore(ref, refLength, pred, predLength, 1),
        rouge2: ngramScore(ref, refLength, pred, predLength, 2),
        rougeL: lcsScore(refLength, predLength),
      };
    },
    scoreL(reference, prediction) {
      const [refLength, predLength] = encodePair(reference, prediction);
      return lcsScore(refLength, predLength);
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
