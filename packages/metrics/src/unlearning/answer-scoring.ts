import { sentenceBleu } from '../text/bleu.ts';
import { createRougeScorer, type RougeValue } from '../text/rouge.ts';
import { type BleuTokenizer, bleuTokenize } from '../text/tokenize.ts';

/**
 * MLLMU-Bench multiple choice: the answer's first character (after the leading whitespace the reference
 * strips from the decoded response), upper-cased, is the chosen option; anything that is not one of the
 * option keys is wrong.
 */
export function classificationCorrect(
  answer: string,
  correctKey: string,
  optionKeys: readonly string[],
): boolean {
  const keys = optionKeys.map((k) => k.toUpperCase());
  const correct = correctKey.trim().toUpperCase();
  if (!keys.includes(correct))
    throw new RangeError(
      `classificationCorrect: correct key "${correctKey}" is not one of ${keys.join(', ')}`,
    );
  const first = answer.trimStart().charAt(0).toUpperCase();
  return first !== '' && keys.includes(first) && first === correct;
}

/** MLLMU-Bench cloze: the ground truth, lower-cased, occurs in the lower-cased answer. */
export function clozeCorrect(answer: string, groundTruth: string): boolean {
  return answer.toLowerCase().includes(groundTruth.toLowerCase());
}

export interface GenerationScore {
  /** ROUGE-L of the answer against the ground truth (rouge_score, stemmer on). */
  rougeL: RougeValue;
  /** Sentence BLEU-4 with NLTK method1 smoothing. */
  bleu: number;
}

const scorer = createRougeScorer();

/** ROUGE-L and BLEU of a generated answer, the ground truth as reference; BLEU tokens split on whitespace by default. */
export function scoreGeneration(
  answer: string,
  groundTruth: string,
  options: { bleuTokenizer?: BleuTokenizer } = {},
): GenerationScore {
  const tokenizer = options.bleuTokenizer ?? 'whitespace';
  return {
    rougeL: scorer.scoreL(groundTruth, answer),
    bleu: sentenceBleu([bleuTokenize(groundTruth, tokenizer)], bleuTokenize(answer, tokenizer)),
  };
}
