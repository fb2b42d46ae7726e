import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../test-support/fixtures.ts';
import {
  aggregateTofu,
  averageLoss,
  forgetQuality,
  harmonicMean,
  parseTofuEvalLog,
  TofuInputError,
  truthRatio,
  tofuNormalisedProbability,
} from './tofu.ts';

const FULL = ['ft_epoch5_lr1e-05_llama2-7b_full_wd0', 'eval_results', 'ds_size300'];
const RETAIN90 = ['ft_epoch5_lr1e-05_llama2-7b_retain90_wd0', 'eval_results', 'ds_size300'];

function log(dir: string[], file: string) {
  const path = fixturePath('tofu', 'data', ...dir, file);
  return parseTofuEvalLog(JSON.parse(readFileSync(path, 'utf8')), path);
}

// The figures in shared/fixtures/tofu/SOURCE.txt, produced by aggregate_eval_stat.py on these logs.
const SOURCE = {
  modelUtility: 0.626780455565748,
  forgetQuality: 1.096624314778916e-19,
  ksStatistic: 0.38,
  retain: { rouge: 0.9888893534780632, probability: 0.9894984922543782, truthRatio: 0.472734679457119 },
  realAuthors: { rouge: 0.9155, probability: 0.4603033526969604, truthRatio: 0.599579175715371 },
  realWorld: { rouge: 0.9102564102564102, probability: 0.42224431674305407, truthRatio: 0.548729922053088 },
  forget: { rouge: 0.9854362410691061, probability: 0.9908053643848174, truthRatio: 0.5171470827659193 },
};

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-14);

describe('TOFU aggregate statistics from the eval logs', () => {
  const checkpoint = {
    retain: log(FULL, 'eval_log.json'),
    forget: log(FULL, 'eval_log_forget.json'),
    realAuthors: log(FULL, 'eval_real_author_wo_options.json'),
    realWorld: log(FULL, 'eval_real_world_wo_options.json'),
  };
  const retainForget = log(RETAIN90, 'eval_log_forget.json');
  const report = aggregateTofu(checkpoint, retainForget);

  it.each(['retain', 'realAuthors', 'realWorld', 'forget'] as const)(
    '%s: ROUGE, probability, truth ratio',
    (set) => {
      close(report[set].rouge, SOURCE[set].rouge);
      close(report[set].probability, SOURCE[set].probability);
      close(report[set].truthRatio, SOURCE[set].truthRatio);
    },
  );

  it('model utility is the harmonic mean of the nine retain / real numbers', () => {
    close(report.modelUtility, SOURCE.modelUtility);
  });

  it('forget quality is the exact two-sample KS p-value against the retain model', () => {
    expect(report.forgetQuality.method).toBe('exact');
    close(report.forgetQuality.statistic, SOURCE.ksStatistic);
    close(report.forgetQuality.value, SOURCE.forgetQuality);
  });

  it('the retain model against itself has forget quality 1', () => {
    const self = forgetQuality(retainForget, retainForget);
    expect(self.statistic).toBe(0);
    expect(self.value).toBe(1);
  });
});

describe('TOFU building blocks on hand-worked numbers', () => {
  it('truth ratio: min(R, 1/R) on forget, max(0, 1 − R) elsewhere', () => {
    // paraphrased loss 1, perturbed mean 2 → stat e^1, R = e^-1
    const para = [1, 2];
    const perturbed = [
      [1.5, 2.5],
      [2, 2],
    ];
    const r0 = Math.exp(-1); // question 0
    const r1 = 1; // question 1: equal losses
    close(truthRatio(para, perturbed, { forget: true }), (r0 + r1) / 2);
    close(truthRatio(para, perturbed, { forget: false }), (1 - r0 + 0) / 2);
  });

  it('normalised probability divides by the truth plus its perturbations', () => {
    const p = tofuNormalisedProbability([0], [[Math.log(2), Math.log(4)]]);
    close(p, 1 / (1 + 0.5 + 0.25));
  });

  it('harmonic mean and average loss', () => {
    close(harmonicMean([1, 2, 4]), 3 / (1 + 0.5 + 0.25));
    expect(harmonicMean([0, 1])).toBe(0);
    expect(() => harmonicMean([-1])).toThrow(/≥ 0/);
    close(averageLoss([Math.log(0.5), Math.log(0.25)]), (Math.log(2) + Math.log(4)) / 2);
  });

  it('names the field that is malformed', () => {
    const bad = {
      avg_gt_loss: { 0: 1 },
      average_perturb_loss: { 0: 'x' },
      avg_paraphrased_loss: {},
      rougeL_recall: {},
    };
    expect(() => parseTofuEvalLog(bad, 'eval_log.json')).toThrow(TofuInputError);
    expect(() => parseTofuEvalLog(bad, 'eval_log.json')).toThrow(/eval_log.json: average_perturb_loss\.0/);
  });
});
