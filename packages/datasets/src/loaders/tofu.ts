import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DatasetError, type LoadMode, type LoadResult, RecordCollector } from '../errors.ts';
import { readJsonl } from '../jsonl.ts';
import { isPlainObject, readJsonFile } from './json-file.ts';

/** TOFU `real_authors_perturbed.json` / `world_facts_perturbed.json`: JSON Lines despite the suffix. */
export const TofuQaRecord = z.looseObject({
  question: z.string(),
  answer: z.string(),
  perturbed_answer: z.array(z.string()).optional(),
  paraphrased_answer: z.string().optional(),
});
export type TofuQaRecord = z.infer<typeof TofuQaRecord>;

export function loadTofuQa(file: string, options: { mode?: LoadMode } = {}): LoadResult<TofuQaRecord> {
  return readJsonl(file, TofuQaRecord, options);
}

/** TOFU `idontknow.jsonl`: plain-text refusal lines despite the suffix. */
export function loadTofuRefusals(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** One evaluated item of a TOFU eval log (`eval_log*.json`, `eval_real_*_wo_options.json`). */
export const TofuEvalItem = z.looseObject({
  index: z.number().int().min(0),
  avg_gt_loss: z.number(),
  gt_loss: z.number(),
  num_token_gt: z.number().int(),
  /** [prompt, generation, ground truth]. */
  generated_text: z.tuple([z.string(), z.string(), z.string()]),
  rouge1_recall: z.number(),
  rougeL_recall: z.number(),
  avg_paraphrased_loss: z.number().optional(),
  paraphrased_loss: z.number().optional(),
  num_token_paraphrased: z.number().int().optional(),
  average_perturb_loss: z.array(z.number()).optional(),
  perturb_loss: z.array(z.number()).optional(),
  num_token_perturb: z.array(z.number().int()).optional(),
  truth_ratio: z.number().optional(),
  normalized_gt_loss: z.number().optional(),
});
export type TofuEvalItem = z.infer<typeof TofuEvalItem>;

/**
 * An eval log is column-major (metric → item index → value); this turns it into one record per item, in
 * index order, validated so a metric is never silently missing.
 */
export function loadTofuEvalLog(file: string, options: { mode?: LoadMode } = {}): LoadResult<TofuEvalItem> {
  const raw = readJsonFile(file);
  if (!isPlainObject(raw))
    throw new DatasetError({ file, message: 'expected an object of metric → {index: value}' });
  const byIndex = new Map<string, Record<string, unknown>>();
  for (const [metric, column] of Object.entries(raw)) {
    if (!isPlainObject(column))
      throw new DatasetError({ file, field: metric, message: 'expected an object keyed by item index' });
    for (const [index, value] of Object.entries(column)) {
      let item = byIndex.get(index);
      if (!item) {
        item = { index: Number(index) };
        byIndex.set(index, item);
      }
      item[metric] = value;
    }
  }
  const sink = new RecordCollector<TofuEvalItem>(file, options.mode);
  const indices = [...byIndex.keys()].sort((a, b) => Number(a) - Number(b));
  for (const index of indices) {
    const item = sink.accept(TofuEvalItem, byIndex.get(index), index);
    if (item) sink.push(item);
  }
  return sink.result();
}
