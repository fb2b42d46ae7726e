import { z } from 'zod';
import { EvalModality, EvalSet, EvalTask } from './vocabulary.ts';

/** TOFU-style log-probability figures of one question (text questions, when the endpoint scores completions). */
export const LogprobFigures = z.object({
  /** Average negative log-likelihood per token of the ground truth (generation, cloze) or the correct option. */
  avgGtLoss: z.number(),
  /** Classification: the average loss of each wrong option, for the truth ratio. */
  perturbedLosses: z.array(z.number()).optional(),
});
export type LogprobFigures = z.infer<typeof LogprobFigures>;

export const JudgeVerdict = z.object({
  /** 1–10, or null when the judge's reply had no parsable "Factuality Score" line (eval_gpt.py drops those). */
  score: z.number().int().min(1).max(10).nullable(),
  justification: z.string().nullable(),
  raw: z.string(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdict>;

/** One asked question and what came back: what the store keeps per question and reports carry. */
export const UnlearningRecord = z.object({
  /** `set|task|modality|profileId|index`: the same question has the same key for every model and rerun. */
  key: z.string().min(1),
  set: EvalSet,
  task: EvalTask,
  modality: EvalModality,
  profileId: z.string(),
  /** Index of the question in its upstream list (Image_Textual_Questions, Mask_Task, …). */
  index: z.number().int().min(0),
  question: z.string(),
  /** The raw model text. */
  response: z.string(),
  /** What eval.py compares: the option letter (null when none) or the post-processed answer. */
  extracted: z.string().nullable(),
  /** Correct option letter (classification) or ground-truth text. */
  expected: z.string(),
  correct: z.boolean().optional(),
  rougeL: z.number().optional(),
  bleu: z.number().optional(),
  judge: JudgeVerdict.optional(),
  logprob: LogprobFigures.optional(),
  /** Profile ids whose questions were the few-shot examples of this prompt. */
  fewShotIds: z.array(z.string()).default([]),
  cached: z.boolean(),
});
export type UnlearningRecord = z.infer<typeof UnlearningRecord>;

export function recordKey(
  set: EvalSet,
  task: EvalTask,
  modality: EvalModality,
  profileId: string,
  index: number,
): string {
  return `${set}|${task}|${modality}|${profileId}|${index}`;
}
