import { z } from 'zod';
import { ImageRef } from './social.ts';

/** Field names are MLLMU-Bench's own (HF MLLMMU/MLLMU-Bench parquet), so its eval code reads the same. */
export const MllmuClassificationQuestion = z.object({
  Question: z.string(),
  /** Letter → option text (A..D in the released data). */
  Options: z.record(z.string(), z.string()),
  Correct_Answer: z.string(),
});
export type MllmuClassificationQuestion = z.infer<typeof MllmuClassificationQuestion>;

export const MllmuQuestionType = z.enum(['Image_Textual', 'Pure_Text']);

export const MllmuGenerationQuestion = z.object({
  Question: z.string(),
  Ground_Truth: z.string(),
  Type: z.string(),
});
export type MllmuGenerationQuestion = z.infer<typeof MllmuGenerationQuestion>;

/** A cloze question: the blank is written `__` in `Question`. */
export const MllmuMaskQuestion = z.object({
  Question: z.string(),
  Ground_Truth: z.string(),
  Type: z.string(),
});
export type MllmuMaskQuestion = z.infer<typeof MllmuMaskQuestion>;

export const MllmuClassificationTask = z.object({
  Image_Textual_Questions: z.array(MllmuClassificationQuestion).default([]),
  Pure_Text_Questions: z.array(MllmuClassificationQuestion).default([]),
});
export type MllmuClassificationTask = z.infer<typeof MllmuClassificationTask>;

/**
 * One profile row. Full_Set / forget / retain / Retain_Set rows carry one `image`; Test_Set rows carry an
 * `images` list (the eval code picks one at random); ft_Data rows have only ID, image, question, answer.
 */
export const MllmuProfile = z.object({
  ID: z.string().min(1),
  biography: z.string().optional(),
  question: z.string().optional(),
  answer: z.string().optional(),
  image: ImageRef.optional(),
  images: z.array(ImageRef).optional(),
  Classification_Task: MllmuClassificationTask.optional(),
  Generation_Task: z.array(MllmuGenerationQuestion).optional(),
  Mask_Task: z.array(MllmuMaskQuestion).optional(),
});
export type MllmuProfile = z.infer<typeof MllmuProfile>;

/**
 * The released splits. Retain_Set is the Real Celebrity set (not the complement of a forget set — that is
 * retain_95/90/85), a naming trap in the upstream layout.
 */
export const MLLMU_SPLITS = {
  Full_Set: 'all 500 fictitious profiles',
  forget_5: 'forget 5% of the fictitious profiles',
  forget_10: 'forget 10%',
  forget_15: 'forget 15%',
  retain_95: 'complement of forget_5',
  retain_90: 'complement of forget_10',
  retain_85: 'complement of forget_15',
  Test_Set: 'the fictitious profiles with unseen images and paraphrased questions (2 shards)',
  Retain_Set: 'the Real Celebrity set',
  ft_Data: 'the fine-tuning data (ID, image, question, answer)',
} as const;
export const MllmuSplit = z.enum(Object.keys(MLLMU_SPLITS) as [keyof typeof MLLMU_SPLITS]);
export type MllmuSplit = z.infer<typeof MllmuSplit>;

/** `Data_split/<split>/{forget,retain}_ids.json`: a list of 3-digit profile ids. */
export const MllmuSplitIds = z.array(z.string().regex(/^\d+$/, 'a profile id is digits'));
