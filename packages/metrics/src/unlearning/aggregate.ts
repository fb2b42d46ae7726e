import { z } from 'zod';
import { bootstrapScore, mean, stratifiedBootstrapInterval } from '../intervals/bootstrap.ts';
import { NOT_AVAILABLE, type Score } from '../intervals/score.ts';
import { proportionScore } from '../intervals/wilson.ts';
import type { BleuTokenizer } from '../text/tokenize.ts';
import { classificationCorrect, clozeCorrect, scoreGeneration } from './answer-scoring.ts';

/** MLLMU-Bench evaluation sets: Forget, Test (unseen images, paraphrases), Retain, Real Celebrity. */
export const UnlearningSet = z.enum(['forget', 'test', 'retain', 'real_celebrity']);
export type UnlearningSet = z.infer<typeof UnlearningSet>;

/** The question's modality, named as MLLMU-Bench's `MllmuQuestionType` (kept local: metrics stays leaf-light). */
export const UnlearningModality = z.enum(['Image_Textual', 'Pure_Text']);
export type UnlearningModality = z.infer<typeof UnlearningModality>;

export const UnlearningTask = z.enum(['classification', 'generation', 'cloze']);
export type UnlearningTask = z.infer<typeof UnlearningTask>;

const base = {
  set: UnlearningSet,
  /** Image_Textual (question with the profile image) or Pure_Text. */
  modality: UnlearningModality,
  profileId: z.string().optional(),
  answer: z.string(),
};

/** One model answer to one MLLMU-Bench question, the input of the aggregates. */
export const UnlearningOutcome = z.discriminatedUnion('task', [
  z.object({
    ...base,
    task: z.literal('classification'),
    correctKey: z.string().min(1),
    optionKeys: z.array(z.string().min(1)).min(2),
  }),
  z.object({ ...base, task: z.literal('generation'), groundTruth: z.string() }),
  z.object({ ...base, task: z.literal('cloze'), groundTruth: z.string().min(1) }),
]);
export type UnlearningOutcome = z.infer<typeof UnlearningOutcome>;

export class UnlearningInputError extends Error {
  constructor(
    readonly row: number,
    readonly field: string,
    message: string,
  ) {
    super(`outcome ${row}: ${field}: ${message}`);
    this.name = 'UnlearningInputError';
  }
}

export type UnlearningMetric = 'accuracy' | 'rougeL' | 'bleu';

export interface UnlearningCell {
  set: UnlearningSet;
  task: UnlearningTask;
  modality: UnlearningModality;
  /** accuracy for classification and cloze (Wilson CI); rougeL (F) and bleu for generation (bootstrap CI). */
  metrics: Partial<Record<UnlearningMetric, Score>>;
}

export interface UnlearningAggregateOptions {
  /** Seed of the bootstrap intervals; same seed, same report. */
  seed?: number;
  resamples?: number;
  bleuTokenizer?: BleuTokenizer;
}

/** Per-item values of one set × task × modality, kept so gaps can be bootstrapped. */
export interface UnlearningItemValues {
  set: UnlearningSet;
  task: UnlearningTask;
  modality: UnlearningModality;
  values: Partial<Record<UnlearningMetric, number[]>>;
}

export interface UnlearningReport {
  cells: UnlearningCell[];
  items: UnlearningItemValues[];
}

const cellKey = (set: string, task: string, modality: string) => `${set}\u0000${task}\u0000${modality}`;

/** Validates outcomes, naming the first bad row and field. */
export function parseUnlearningOutcomes(rows: readonly unknown[]): UnlearningOutcome[] {
  return rows.map((row, i) => {
    const parsed = UnlearningOutcome.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UnlearningInputError(i, issue.path.join('.') || '(root)', issue.message);
    }
    return parsed.data;
  });
}

/** Scores each outcome and aggregates per set × task × modality, with counts and 95% CIs. */
export function aggregateUnlearning(
  outcomes: readonly UnlearningOutcome[],
  options: UnlearningAggregateOptions = {},
): UnlearningReport {
  const seed = options.seed ?? 0;
  const groups = new Map<string, UnlearningItemValues>();
  parseUnlearningOutcomes(outcomes).forEach((o, row) => {
    const key = cellKey(o.set, o.task, o.modality);
    let group = groups.get(key);
    if (group === undefined) {
      group = { set: o.set, task: o.task, modality: o.modality, values: {} };
      groups.set(key, group);
    }
    const push = (metric: UnlearningMetric, v: number) => {
      const list = group.values[metric] ?? [];
      list.push(v);
      group.values[metric] = list;
    };
    if (o.task === 'classification') {
      try {
        push('accuracy', classificationCorrect(o.answer, o.correctKey, o.optionKeys) ? 1 : 0);
      } catch (error) {
        throw new UnlearningInputError(row, 'correctKey', (error as Error).message);
      }
    } else if (o.task === 'cloze') push('accuracy', clozeCorrect(o.answer, o.groundTruth) ? 1 : 0);
    else {
      const g = scoreGeneration(o.answer, o.groundTruth, { bleuTokenizer: options.bleuTokenizer });
      push('rougeL', g.rougeL.fmeasure);
      push('bleu', g.bleu);
    }
  });
  const items = [...groups.values()];
  const cells = items.map((group): UnlearningCell => {
    const metrics: Partial<Record<UnlearningMetric, Score>> = {};
    for (const [metric, values] of Object.entries(group.values) as [UnlearningMetric, number[]][]) {
      if (metric === 'accuracy') {
        const k = values.reduce((a, b) => a + b, 0);
        metrics.accuracy = proportionScore(k, values.length);
      } else metrics[metric] = bootstrapScore(values, mean, { seed, resamples: options.resamples });
    }
    return { set: group.set, task: group.task, modality: group.modality, metrics };
  });
  return { cells, items };
}

export interface UnlearningGap {
  task: UnlearningTask;
  modality: UnlearningModality;
  metric: UnlearningMetric;
  /** forget − comparison set; negative means the model knows the forgotten profiles less. */
  gap: Score;
  forget: Score;
  comparison: Score;
}

/**
 * The forget–retain gap per task × modality × metric: mean on the Forget set minus mean on the
 * comparison set (Retain by default), with a bootstrap CI that resamples each set on its own.
 */
export function forgetRetainGap(
  report: UnlearningReport,
  options: { against?: UnlearningSet; seed?: number; resamples?: number } = {},
): UnlearningGap[] {
  const against = options.against ?? 'retain';
  const seed = options.seed ?? 0;
  const cellOf = (set: UnlearningSet, task: string, modality: string) =>
    report.cells.find((c) => c.set === set && c.task === task && c.modality === modality);
  const gaps: UnlearningGap[] = [];
  for (const forget of report.items.filter((i) => i.set === 'forget')) {
    const other = report.items.find(
      (i) => i.set === against && i.task === forget.task && i.modality === forget.modality,
    );
    for (const [metric, fValues] of Object.entries(forget.values) as [UnlearningMetric, number[]][]) {
      const oValues = other?.values[metric];
      const forgetScore = cellOf('forget', forget.task, forget.modality)?.metrics[metric] ?? NOT_AVAILABLE;
      const comparison = cellOf(against, forget.task, forget.modality)?.metrics[metric] ?? NOT_AVAILABLE;
      let gap: Score = NOT_AVAILABLE;
      if (oValues !== undefined && oValues.length > 0 && fValues.length > 0) {
        const diff = ([f, o]: readonly (readonly number[])[]) => mean(f!) - mean(o!);
        gap = {
          value: diff([fValues, oValues]),
          n: fValues.length + oValues.length,
          ci: stratifiedBootstrapInterval([fValues, oValues], diff, { seed, resamples: options.resamples }),
        };
      }
      gaps.push({
        task: forget.task,
        modality: forget.modality,
        metric,
        gap,
        forget: forgetScore,
        comparison,
      });
    }
  }
  return gaps;
}
