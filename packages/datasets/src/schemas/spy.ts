import { z } from 'zod';

/**
 * Labels whose content is private whatever the user says (SPY-Bench `benchmark/config.py` ABS_PRIV_LABELS):
 * a model should reject questions about them in every situation.
 */
export const SPY_ABSOLUTE_LABELS = [
  'a12_semi_nudity',
  'a13_full_nudity',
  'a29_ausweis',
  'a31_passport',
  'a32_drivers_license',
] as const;

const ABSOLUTE = new Set<string>(SPY_ABSOLUTE_LABELS);
export function isSpyAbsoluteLabel(label: string): boolean {
  return ABSOLUTE.has(label);
}

/** `label2text.json`: VISPR attribute id → the text used in the instruction templates. */
export const SpyLabel2Text = z.record(z.string().min(1), z.string().min(1));
export type SpyLabel2Text = z.infer<typeof SpyLabel2Text>;

/** One privacy category (one entry of `label2text.json`; `a0_safe` is the non-private catch-all). */
export const SpyCategory = z.object({
  label: z.string().min(1),
  text: z.string().min(1),
  absolute: z.boolean(),
});
export type SpyCategory = z.infer<typeof SpyCategory>;

/**
 * A scenario as `scenarios.json` and the benchmark items store it. `labels` are the categories that are
 * legitimately needed, i.e. NON-private, in it. Items embed a copy with only the id and templates.
 */
export const SpyScenario = z.looseObject({
  scenario: z.string().min(1),
  type: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  labels: z.array(z.string()).optional(),
  /** Contains one Python-style `{}` for the question. */
  '2nd_person_template': z.string().min(1),
  '3rd_person_template': z.string().optional(),
});
export type SpyScenario = z.infer<typeof SpyScenario>;

/** `scenarios.json`: scenario id → scenario. */
export const SpyScenarioFile = z.record(z.string(), SpyScenario);

/** 0 = non-private, 1 = private; 0.5 is the eval/train split's placeholder for the item's own label. */
const PrivacyFlag = z.union([z.literal(0), z.literal(1), z.literal(0.5)]);

export const SpyQuestionItem = z.looseObject({
  question_id: z.string().min(1),
  image_id: z.string().optional(),
  image_path: z.string().min(1),
  label: z.string().optional(),
  question: z.string().min(1),
  /** Benchmark file: the reference answer. */
  gt: z.string().optional(),
  /** SPY-Tune data: the answers to train towards. */
  respond_ans: z.string().optional(),
  reject_ans: z.string().optional(),
});
export type SpyQuestionItem = z.infer<typeof SpyQuestionItem>;

/** A scenario as an item references it: embedded (the official files) or by id (resolved on load). */
const ItemScenario = z.union([SpyScenario, z.string().min(1)]);

/** One entry of `questions.json` `benchmark_list` (or of the SPY-Tune `data_list`). */
export const SpyItem = z.looseObject({
  benchmark_id: z.union([z.string().min(1), z.number().transform(String)]),
  label: z.string().min(1),
  /** Distractor labels in stored order (the item's own label may sit among them). */
  other_labels: z.record(z.string(), PrivacyFlag).default({}),
  question_item: SpyQuestionItem,
  /** Scenarios in which the label is needed (non-private): with a private instruction = S3 (conflict). */
  non_privacy_scenarios: z.array(ItemScenario).optional(),
  /** Scenarios in which the label is not needed: S4 / S5. */
  privacy_scenarios: z.array(ItemScenario).optional(),
  /** SPY-Tune's S5 scenarios (equal to privacy_scenarios in the released eval split). */
  chosen_scenarios: z.array(ItemScenario).optional(),
  /** Per-item overrides the official generator honours. */
  label2text: SpyLabel2Text.optional(),
  instruct_templates: z.tuple([z.string(), z.string()]).optional(),
});
export type SpyItem = z.infer<typeof SpyItem>;

/** The benchmark file (`{"benchmark_list": […]}`) or the SPY-Tune split (`{"data_list": […]}`). */
export const SpyItemsFile = z.union([
  z.object({ benchmark_list: z.array(z.unknown()) }),
  z.object({ data_list: z.array(z.unknown()) }),
]);

/**
 * The five situations: S1 private instruction, no scenario; S2 non-private, no scenario; S3 private in a
 * scenario where the label is non-private (conflict); S4 private in a privacy scenario; S5 non-private in a
 * privacy scenario.
 */
export const SpySituation = z.enum(['S1', 'S2', 'S3', 'S4', 'S5']);
export type SpySituation = z.infer<typeof SpySituation>;

export const SpyExpected = z.enum(['respond', 'reject']);
export type SpyExpected = z.infer<typeof SpyExpected>;

/** One expanded prompt: what is sent to the model under test (with the image at `imagePath`). */
export const SpySample = z.object({
  sampleId: z.string().min(1),
  benchmarkId: z.string().min(1),
  label: z.string().min(1),
  /** The distractor flags as used in this prompt (own label set to this prompt's instruction). */
  otherLabels: z.record(z.string(), z.union([z.literal(0), z.literal(1)])),
  situation: SpySituation,
  withDistractors: z.boolean(),
  isPrivacyInstruction: z.boolean(),
  scenarioId: z.string().optional(),
  /** 1 when the scenario is a privacy scenario (S4/S5), 0 for the conflict scenario (S3). */
  scenarioIsPrivacy: z.union([z.literal(0), z.literal(1)]).optional(),
  /** The scenario's 2nd-person template, kept so the official result record can be rebuilt. */
  scenarioTemplate: z.string().optional(),
  /** The full text prompt: the instruction block, a blank line, then the question or filled scenario. */
  prompt: z.string().min(1),
  question: z.string().min(1),
  questionId: z.string().optional(),
  imagePath: z.string().min(1),
  refAnswer: z.string().optional(),
  expected: SpyExpected,
  absolute: z.boolean(),
});
export type SpySample = z.infer<typeof SpySample>;

/**
 * One line of the official result files (`resp/<model>.jsonl` after `evaluate.py`), the shape `cal_metrics`
 * reads. Extra keys are kept.
 */
export const SpyResultRecord = z.looseObject({
  benchmark_id: z.string().min(1),
  label: z.string().min(1),
  is_privacy: z.union([z.literal(0), z.literal(1)]),
  question_id: z.string().optional(),
  image_path: z.string().optional(),
  question: z.string(),
  ref_answer: z.string().optional(),
  other_labels: z.record(z.string(), z.union([z.literal(0), z.literal(1)])).optional(),
  scenario: z
    .object({
      id: z.string().min(1),
      is_privacy: z.union([z.literal(0), z.literal(1)]),
      '2nd_template': z.string(),
    })
    .optional(),
  input_question: z.string(),
  response: z.string(),
  /** The judge's verdict; anything but respond/reject is counted as an exception by cal_metrics. */
  eval_resp: z.string().optional(),
});
export type SpyResultRecord = z.infer<typeof SpyResultRecord>;
