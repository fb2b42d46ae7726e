import {
  bootstrapInterval,
  mean,
  NOT_AVAILABLE,
  type Score,
  stratifiedBootstrapInterval,
} from '@privlens/metrics';
import { type CellMetric, cellKey, itemValues, type UnlearningReport } from './report.ts';
import { ALL_MODALITIES, ALL_TASKS, type EvalModality, type EvalSet, type EvalTask } from './vocabulary.ts';

export interface CompareOptions {
  /** Index of the reference model in `reports` (the vanilla, pre-unlearning one); 0 by default. */
  baseline?: number;
  /**
   * Repeat runs of the baseline model (e.g. other seeds: other few-shot draws and Test images). Their drops
   * against the baseline measure run-to-run noise; without them the noise floor is zero and a drop only has
   * to exceed question-sampling uncertainty.
   */
  replicates?: readonly UnlearningReport[];
  seed?: number;
  resamples?: number;
}

/** baseline − model on one set × task × modality × metric, paired over the questions both answered. */
export interface CellDrop {
  set: EvalSet;
  task: EvalTask;
  modality: EvalModality;
  metric: CellMetric;
  baseline: number;
  model: number;
  /** Positive: the model knows less than the baseline. CI: paired bootstrap over matched questions. */
  drop: Score;
}

export type NoiseVerdict = 'exceeds-noise' | 'within-noise' | 'n/a';

export interface ForgetDrop {
  set: 'forget' | 'test';
  task: EvalTask;
  modality: EvalModality;
  metric: CellMetric;
  drop: Score;
  retainDrop: Score;
  celebrityDrop: Score;
  /** drop − retain drop (and − celebrity drop): stratified bootstrap, each set's paired differences resampled on its own. */
  versusRetain: Score;
  versusCelebrity: Score;
  /** Largest |drop| (CI bound) any replicate of the baseline shows on this cell; 0 without replicates. */
  noise: number;
  /** exceeds-noise when the drop's CI lies wholly above the noise floor. */
  verdict: NoiseVerdict;
  /** True when the forget drop's excess over the retain drop has a CI wholly above 0 (targeted forgetting). */
  beyondRetain: boolean | null;
}

export interface ModelComparison {
  model: { id: string; label: string };
  cells: CellDrop[];
  forget: ForgetDrop[];
}

export interface UnlearningComparison {
  kind: 'mllmu-unlearning-comparison';
  baseline: { id: string; label: string };
  models: ModelComparison[];
  method: string;
  /** The compared reports' cells, for side-by-side tables (records left out). */
  reports: Pick<UnlearningReport, 'model' | 'cells' | 'runId'>[];
}

const METHOD =
  'drop = baseline − model per question, on the questions both reports answered (matched by key); ' +
  'drop CI: paired percentile bootstrap over those questions; forget-vs-retain CI: stratified bootstrap, ' +
  'each set resampled on its own; noise floor: the largest |CI bound| of the replicates-vs-baseline drop on the same cell ' +
  '(0 without replicates); verdict exceeds-noise when the drop CI lower bound is above the noise floor.';

type Values = Map<string, Partial<Record<CellMetric, number>>>;

function valuesByKey(report: UnlearningReport): Values {
  return new Map(report.records.map((r) => [r.key, itemValues(r)]));
}

/** Per cell and metric, the paired differences baseline − model. */
function pairedDiffs(base: UnlearningReport, model: UnlearningReport): Map<string, number[]> {
  const other = valuesByKey(model);
  const diffs = new Map<string, number[]>();
  for (const record of base.records) {
    const mine = other.get(record.key);
    if (!mine) continue;
    for (const [metric, v] of Object.entries(itemValues(record)) as [CellMetric, number][]) {
      const w = mine[metric];
      if (w === undefined) continue;
      const key = `${cellKey(record.set, record.task, record.modality)}|${metric}`;
      const list = diffs.get(key) ?? [];
      list.push(v - w);
      diffs.set(key, list);
    }
  }
  return diffs;
}

function dropScore(diffs: readonly number[] | undefined, seed: number, resamples?: number): Score {
  if (!diffs || diffs.length === 0) return NOT_AVAILABLE;
  return {
    value: mean(diffs),
    n: diffs.length,
    ci: bootstrapInterval(diffs, mean, { seed, ...(resamples ? { resamples } : {}) }),
  };
}

function excess(
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
  seed: number,
  resamples?: number,
): Score {
  if (!a?.length || !b?.length) return NOT_AVAILABLE;
  const stat = ([x, y]: readonly (readonly number[])[]) => mean(x!) - mean(y!);
  return {
    value: stat([a, b]),
    n: a.length + b.length,
    ci: stratifiedBootstrapInterval([a, b], stat, { seed, ...(resamples ? { resamples } : {}) }),
  };
}

const METRICS: CellMetric[] = [
  'accuracy',
  'rougeL',
  'bleu',
  'factuality',
  'gtProbability',
  'normalisedProbability',
  'truthRatio',
];

/**
 * Side by side comparison of two or more reports on the same questions: per set × task × modality the drop
 * from the baseline, and for Forget and Test the drop against the Retain / Celebrity drop, with a verdict
 * on whether the drop is larger than run-to-run noise.
 */
export function compareUnlearning(
  reports: readonly UnlearningReport[],
  options: CompareOptions = {},
): UnlearningComparison {
  if (reports.length < 2)
    throw new RangeError('compareUnlearning: give at least two reports (baseline first)');
  const baselineIndex = options.baseline ?? 0;
  const base = reports[baselineIndex];
  if (!base) throw new RangeError(`compareUnlearning: no report at baseline index ${baselineIndex}`);
  const seed = options.seed ?? base.seed;
  const resamples = options.resamples;
  const noiseDiffs = (options.replicates ?? []).map((r) => pairedDiffs(base, r));

  const models = reports
    .filter((_, i) => i !== baselineIndex)
    .map((report): ModelComparison => {
      const diffs = pairedDiffs(base, report);
      const cells: CellDrop[] = [];
      for (const cell of base.cells) {
        const mine = report.cells.find(
          (c) => c.set === cell.set && c.task === cell.task && c.modality === cell.modality,
        );
        if (!mine) continue;
        for (const metric of METRICS) {
          const b = cell.metrics[metric];
          const m = mine.metrics[metric];
          if (!b || !m || b === NOT_AVAILABLE || m === NOT_AVAILABLE) continue;
          const key = `${cellKey(cell.set, cell.task, cell.modality)}|${metric}`;
          cells.push({
            set: cell.set,
            task: cell.task,
            modality: cell.modality,
            metric,
            baseline: b.value,
            model: m.value,
            drop: dropScore(diffs.get(key), seed, resamples),
          });
        }
      }
      const forget: ForgetDrop[] = [];
      for (const set of ['forget', 'test'] as const) {
        for (const task of ALL_TASKS) {
          for (const modality of ALL_MODALITIES) {
            for (const metric of METRICS) {
              const k = (s: EvalSet) => `${cellKey(s, task, modality)}|${metric}`;
              const own = diffs.get(k(set));
              if (!own?.length) continue;
              const drop = dropScore(own, seed, resamples);
              const versusRetain = excess(own, diffs.get(k('retain')), seed, resamples);
              const noise = Math.max(
                0,
                ...noiseDiffs.map((nd) => {
                  const s = dropScore(nd.get(k(set)), seed, resamples);
                  return s === NOT_AVAILABLE
                    ? 0
                    : Math.max(Math.abs(s.value), Math.abs(s.ci[0]), Math.abs(s.ci[1]));
                }),
              );
              let verdict: NoiseVerdict = 'n/a';
              if (drop !== NOT_AVAILABLE && Number.isFinite(drop.ci[0]))
                verdict = drop.ci[0] > noise ? 'exceeds-noise' : 'within-noise';
              forget.push({
                set,
                task,
                modality,
                metric,
                drop,
                retainDrop: dropScore(diffs.get(k('retain')), seed, resamples),
                celebrityDrop: dropScore(diffs.get(k('celebrity')), seed, resamples),
                versusRetain,
                versusCelebrity: excess(own, diffs.get(k('celebrity')), seed, resamples),
                noise,
                verdict,
                beyondRetain: versusRetain === NOT_AVAILABLE ? null : versusRetain.ci[0] > 0,
              });
            }
          }
        }
      }
      return { model: report.model, cells, forget };
    });
  return {
    kind: 'mllmu-unlearning-comparison',
    baseline: base.model,
    models,
    method: METHOD,
    reports: reports.map((r) => ({ model: r.model, cells: r.cells, ...(r.runId ? { runId: r.runId } : {}) })),
  };
}
