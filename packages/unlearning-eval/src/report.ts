import {
  bootstrapScore,
  mean,
  NOT_AVAILABLE,
  numpyMean,
  proportionScore,
  type Score,
  truthRatioStatistics,
} from '@privlens/metrics';
import type { UnlearningRecord } from './record.ts';
import type { EvalModality, EvalSet, EvalTask } from './vocabulary.ts';

/**
 * Figures of a cell. accuracy (classification, cloze; Wilson CI) and rougeL / bleu (generation) are the
 * paper's; factuality is the GPT-judged 1–10 score; gtProbability, normalisedProbability and truthRatio are
 * TOFU's, from log-probabilities of the ground truth (and of the wrong options, for classification).
 */
export type CellMetric =
  | 'accuracy'
  | 'rougeL'
  | 'bleu'
  | 'factuality'
  | 'gtProbability'
  | 'normalisedProbability'
  | 'truthRatio';

export interface UnlearningCell {
  set: EvalSet;
  task: EvalTask;
  modality: EvalModality;
  /** Questions asked. */
  n: number;
  /** Classification answers with no option letter (eval.py's `None`), counted wrong. */
  unanswered?: number;
  metrics: Partial<Record<CellMetric, Score>>;
}

export interface UnlearningReport {
  kind: 'mllmu-unlearning';
  model: { id: string; label: string };
  runId?: string;
  seed: number;
  config: {
    sets: EvalSet[];
    tasks: EvalTask[];
    modalities: EvalModality[];
    fewShot: { classification: number; cloze: number };
    maxTokens: number;
    promptFormat: string;
  };
  cells: UnlearningCell[];
  /** Every question with its raw response, sorted by key. */
  records: UnlearningRecord[];
  /** Provider calls this process made, cache hits, tokens (the resumed part of a run made none). */
  calls: { target: { calls: number; cacheHits: number }; judge?: { calls: number; cacheHits: number } };
}

/** TOFU: on the forget side the truth ratio is closeness to indifference, elsewhere preference for the truth. */
const forgetSide = (set: EvalSet) => set === 'forget' || set === 'test';

/** The per-question values of each metric, the units the cells average and comparisons pair. */
export function itemValues(record: UnlearningRecord): Partial<Record<CellMetric, number>> {
  const values: Partial<Record<CellMetric, number>> = {};
  if (record.correct !== undefined) values.accuracy = record.correct ? 1 : 0;
  if (record.rougeL !== undefined) values.rougeL = record.rougeL;
  if (record.bleu !== undefined) values.bleu = record.bleu;
  if (record.judge?.score !== undefined && record.judge.score !== null)
    values.factuality = record.judge.score;
  const lp = record.logprob;
  if (lp) {
    const truth = Math.exp(-lp.avgGtLoss);
    values.gtProbability = truth;
    if (lp.perturbedLosses && lp.perturbedLosses.length > 0) {
      let total = truth;
      for (const loss of lp.perturbedLosses) total += Math.exp(-loss);
      values.normalisedProbability = truth / total;
      const [s] = truthRatioStatistics([lp.avgGtLoss], [lp.perturbedLosses]);
      values.truthRatio = forgetSide(record.set) ? Math.min(s!, 1 / s!) : Math.max(0, 1 - 1 / s!);
    }
  }
  return values;
}

const TOFU_METRICS = new Set<CellMetric>(['gtProbability', 'normalisedProbability', 'truthRatio']);

export function cellKey(set: string, task: string, modality: string): string {
  return `${set}|${task}|${modality}`;
}

/** Groups records per set × task × modality and scores each group with counts and 95% CIs. */
export function aggregateCells(
  records: readonly UnlearningRecord[],
  options: { seed?: number; resamples?: number } = {},
): UnlearningCell[] {
  const seed = options.seed ?? 0;
  const groups = new Map<string, UnlearningRecord[]>();
  for (const record of records) {
    const key = cellKey(record.set, record.task, record.modality);
    const list = groups.get(key) ?? [];
    list.push(record);
    groups.set(key, list);
  }
  const cells: UnlearningCell[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const values = new Map<CellMetric, number[]>();
    for (const record of group) {
      for (const [metric, value] of Object.entries(itemValues(record)) as [CellMetric, number][]) {
        const list = values.get(metric) ?? [];
        list.push(value);
        values.set(metric, list);
      }
    }
    const metrics: Partial<Record<CellMetric, Score>> = {};
    for (const [metric, list] of values) {
      if (metric === 'accuracy')
        metrics.accuracy = proportionScore(list.filter((v) => v === 1).length, list.length);
      else {
        // TOFU's own means are numpy's pairwise sums; the rest match eval.py's running sums closely enough.
        const stat = TOFU_METRICS.has(metric) ? numpyMean : mean;
        metrics[metric] = bootstrapScore(list, stat, {
          seed,
          ...(options.resamples ? { resamples: options.resamples } : {}),
        });
      }
    }
    const cell: UnlearningCell = {
      set: first.set,
      task: first.task,
      modality: first.modality,
      n: group.length,
      metrics,
    };
    if (first.task === 'classification') cell.unanswered = group.filter((r) => r.extracted === null).length;
    cells.push(cell);
  }
  const order = (c: UnlearningCell) =>
    `${SET_ORDER[c.set]}${TASK_ORDER[c.task]}${c.modality === 'multimodal' ? 0 : 1}`;
  return cells.sort((a, b) => order(a).localeCompare(order(b)));
}

const SET_ORDER: Record<EvalSet, number> = { forget: 0, test: 1, retain: 2, celebrity: 3 };
const TASK_ORDER: Record<EvalTask, number> = { classification: 0, generation: 1, cloze: 2 };

export function cellOf(
  report: Pick<UnlearningReport, 'cells'>,
  set: EvalSet,
  task: EvalTask,
  modality: EvalModality,
): UnlearningCell | undefined {
  return report.cells.find((c) => c.set === set && c.task === task && c.modality === modality);
}

/** A metric of a cell, 'N/A' when the cell or metric is absent. */
export function cellScore(
  report: Pick<UnlearningReport, 'cells'>,
  set: EvalSet,
  task: EvalTask,
  modality: EvalModality,
  metric: CellMetric,
): Score {
  return cellOf(report, set, task, modality)?.metrics[metric] ?? NOT_AVAILABLE;
}

/** The report as JSON: Uint8Arrays never appear in it (records keep text only). */
export function unlearningReportJson(report: UnlearningReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
