import { z } from 'zod';

/**
 * MLLMU-Bench's four evaluation sets. `retain` is the complement of the forget split (retain_95/90/85);
 * `celebrity` is the Real Celebrity set, which upstream ships as `Retain_Set` (a naming trap).
 */
export const EvalSet = z.enum(['forget', 'test', 'retain', 'celebrity']);
export type EvalSet = z.infer<typeof EvalSet>;

export const EvalTask = z.enum(['classification', 'generation', 'cloze']);
export type EvalTask = z.infer<typeof EvalTask>;

/** `multimodal` = the benchmark's Image_Textual questions (asked with the image), `text` = Pure_Text. */
export const EvalModality = z.enum(['multimodal', 'text']);
export type EvalModality = z.infer<typeof EvalModality>;

export const ALL_SETS = EvalSet.options;
export const ALL_TASKS = EvalTask.options;
export const ALL_MODALITIES = EvalModality.options;

/** Upstream question type → our modality name. */
export function modalityOf(type: string): EvalModality | undefined {
  if (type === 'Image_Textual') return 'multimodal';
  if (type === 'Pure_Text') return 'text';
  return undefined;
}

/** The `mode` eval.py runs each set in, which decides whether few-shot examples are prepended. */
export const OFFICIAL_MODE: Record<EvalSet, string> = {
  forget: 'forget',
  test: 'test',
  retain: 'retain_shared',
  celebrity: 'retain_celebrity',
};
