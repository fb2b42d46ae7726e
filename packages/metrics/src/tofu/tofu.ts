import { z } from 'zod';
import { type KsTestResult, ks2Samp } from './ks-2samp.ts';
import { numpyMean } from './numpy-sum.ts';

/**
 * TOFU's aggregate statistics (locuslab/tofu `aggregate_eval_stat.py`), computed in numpy's summation
 * order so the figures agree with the published script to the last bit.
 */

/** The per-item fields of a TOFU eval log this module reads (each maps item index → value). */
export const TofuEvalLog = z.object({
  avg_gt_loss: z.record(z.string(), z.number()),
  average_perturb_loss: z.record(z.string(), z.array(z.number()).min(1)),
  avg_paraphrased_loss: z.record(z.string(), z.number()),
  rougeL_recall: z.record(z.string(), z.number()),
});
export type TofuEvalLog = z.infer<typeof TofuEvalLog>;

export class TofuInputError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    message: string,
  ) {
    super(`${source}: ${field}: ${message}`);
    this.name = 'TofuInputError';
  }
}

/** Validates a parsed eval-log JSON object; `source` names it in errors (e.g. the file it came from). */
export function parseTofuEvalLog(value: unknown, source = 'eval log'): TofuEvalLog {
  const parsed = TofuEvalLog.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TofuInputError(source, issue.path.join('.') || '(root)', issue.message);
  }
  return parsed.data;
}

/** Average negative log-likelihood per token, TOFU's `avg_gt_loss` from token log-probabilities. */
export function averageLoss(tokenLogprobs: readonly number[]): number {
  if (tokenLogprobs.length === 0) throw new RangeError('averageLoss: no token log-probabilities');
  return -numpyMean(tokenLogprobs.map((lp) => lp));
}

/** Sequential left-to-right sum: numpy's order for a short reduction axis (fewer than 8 values). */
function rowSum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function rowMean(values: readonly number[]): number {
  // numpy reduces a short last axis in pairwise order, which below 8 values is left to right.
  return values.length < 8 ? rowSum(values) / values.length : numpyMean(values);
}

/** Forget / retain sets: mean of exp(−avg_gt_loss), the probability of the ground-truth answer. */
export function tofuProbability(avgGtLosses: readonly number[]): number {
  return numpyMean(avgGtLosses.map((loss) => Math.exp(-loss)));
}

/**
 * Real Authors / World Facts: the ground truth's probability normalised over itself and its perturbed
 * (wrong) answers, P(true) / (P(true) + Σ P(perturbed)), averaged over questions.
 */
export function tofuNormalisedProbability(
  avgGtLosses: readonly number[],
  perturbedLosses: readonly (readonly number[])[],
): number {
  if (avgGtLosses.length !== perturbedLosses.length)
    throw new RangeError('tofuNormalisedProbability: one list of perturbed losses per question is required');
  return numpyMean(
    avgGtLosses.map((loss, i) => {
      const truth = Math.exp(-loss);
      return truth / rowSum([truth, ...perturbedLosses[i]!.map((l) => Math.exp(-l))]);
    }),
  );
}

/**
 * Per question exp(mean perturbed loss − paraphrased loss) = P(paraphrased) / P̄(perturbed), the
 * statistic TOFU compares (`curr_stat_1`); the truth ratio R of the paper is its inverse.
 */
export function truthRatioStatistics(
  avgParaphrasedLosses: readonly number[],
  perturbedLosses: readonly (readonly number[])[],
): number[] {
  if (avgParaphrasedLosses.length !== perturbedLosses.length)
    throw new RangeError('truthRatioStatistics: one list of perturbed losses per question is required');
  return avgParaphrasedLosses.map((para, i) => Math.exp(rowMean(perturbedLosses[i]!) - para));
}

/**
 * TOFU's aggregated truth ratio. With R = P̄(perturbed)/P(paraphrased): on the forget set mean(min(R, 1/R))
 * (closeness to indifference), on retain / real sets mean(max(0, 1 − R)) (preference for the truth).
 */
export function truthRatio(
  avgParaphrasedLosses: readonly number[],
  perturbedLosses: readonly (readonly number[])[],
  options: { forget: boolean },
): number {
  const stats = truthRatioStatistics(avgParaphrasedLosses, perturbedLosses);
  if (options.forget) return numpyMean(stats.map((s) => Math.min(s, 1 / s)));
  return numpyMean(stats.map((s) => Math.max(0, 1 - 1 / s)));
}

/** Harmonic mean as scipy's `hmean` computes it: 1 / mean(1 / values). */
export function harmonicMean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('harmonicMean: no values');
  for (const [i, v] of values.entries())
    if (!(v >= 0)) throw new RangeError(`harmonicMean: value ${i} is ${v}; only defined for values ≥ 0`);
  return 1 / numpyMean(values.map((v) => 1 / v));
}

export interface TofuSetStats {
  rouge: number;
  probability: number;
  truthRatio: number;
}

export type TofuSetKind = 'forget' | 'retain' | 'real';

/** ROUGE-L recall mean, probability and truth ratio of one eval log, the way the script treats its kind. */
export function tofuSetStats(log: TofuEvalLog, kind: TofuSetKind): TofuSetStats {
  const gt = Object.values(log.avg_gt_loss);
  const perturbed = Object.values(log.average_perturb_loss);
  const paraphrased = Object.values(log.avg_paraphrased_loss);
  return {
    rouge: numpyMean(Object.values(log.rougeL_recall)),
    probability: kind === 'real' ? tofuNormalisedProbability(gt, perturbed) : tofuProbability(gt),
    truthRatio: truthRatio(paraphrased, perturbed, { forget: kind === 'forget' }),
  };
}

export interface ModelUtilityInput {
  realAuthors: TofuSetStats;
  realWorld: TofuSetStats;
  retain: TofuSetStats;
}

/** Harmonic mean of the nine retain / real-author / real-world numbers, in the script's order. */
export function modelUtility(sets: ModelUtilityInput): number {
  const ordered = [sets.realAuthors, sets.realWorld, sets.retain];
  return harmonicMean(ordered.flatMap((s) => [s.rouge, s.probability, s.truthRatio]));
}

export interface ForgetQualityResult extends KsTestResult {
  /** The forget quality: the KS test p-value. */
  value: number;
}

/**
 * Forget quality: p-value of the two-sample KS test between the truth-ratio statistics of the unlearned
 * checkpoint and of the retain model (never trained on the forget set), both on the forget set.
 */
export function forgetQuality(
  checkpointForget: TofuEvalLog,
  retainModelForget: TofuEvalLog,
): ForgetQualityResult {
  const stats = (log: TofuEvalLog) =>
    truthRatioStatistics(Object.values(log.avg_paraphrased_loss), Object.values(log.average_perturb_loss));
  const ks = ks2Samp(stats(checkpointForget), stats(retainModelForget));
  return { ...ks, value: ks.pvalue };
}

export interface TofuLogs {
  /** `eval_log.json` */
  retain: TofuEvalLog;
  /** `eval_log_forget.json` */
  forget: TofuEvalLog;
  /** `eval_real_author_wo_options.json` */
  realAuthors: TofuEvalLog;
  /** `eval_real_world_wo_options.json` */
  realWorld: TofuEvalLog;
}

export interface TofuReport {
  retain: TofuSetStats;
  forget: TofuSetStats;
  realAuthors: TofuSetStats;
  realWorld: TofuSetStats;
  modelUtility: number;
  forgetQuality: ForgetQualityResult;
}

/** Everything `aggregate_eval_stat.py` reports for a checkpoint against the retain model's forget log. */
export function aggregateTofu(checkpoint: TofuLogs, retainModelForget: TofuEvalLog): TofuReport {
  const retain = tofuSetStats(checkpoint.retain, 'retain');
  const realAuthors = tofuSetStats(checkpoint.realAuthors, 'real');
  const realWorld = tofuSetStats(checkpoint.realWorld, 'real');
  return {
    retain,
    forget: tofuSetStats(checkpoint.forget, 'forget'),
    realAuthors,
    realWorld,
    modelUtility: modelUtility({ realAuthors, realWorld, retain }),
    forgetQuality: forgetQuality(checkpoint.forget, retainModelForget),
  };
}
