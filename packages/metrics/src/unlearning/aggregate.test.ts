import { describe, expect, it } from 'vitest';
import { isScored } from '../intervals/score.ts';
import { wilsonInterval } from '../intervals/wilson.ts';
import {
  aggregateUnlearning,
  forgetRetainGap,
  parseUnlearningOutcomes,
  UnlearningInputError,
  type UnlearningOutcome,
} from './aggregate.ts';

const mc = (set: UnlearningOutcome['set'], answer: string, correctKey = 'A'): UnlearningOutcome => ({
  set,
  task: 'classification',
  modality: 'Image_Textual',
  answer,
  correctKey,
  optionKeys: ['A', 'B', 'C', 'D'],
});

const outcomes: UnlearningOutcome[] = [
  // forget: 1 of 4 right
  mc('forget', 'A'),
  mc('forget', 'B'),
  mc('forget', 'I cannot say'),
  mc('forget', 'C'),
  // retain: 3 of 4 right
  mc('retain', 'A'),
  mc('retain', 'a.'),
  mc('retain', 'A) yes'),
  mc('retain', 'D'),
  { set: 'forget', task: 'cloze', modality: 'Pure_Text', answer: 'in Lyon', groundTruth: 'Paris' },
  { set: 'retain', task: 'cloze', modality: 'Pure_Text', answer: 'in PARIS', groundTruth: 'Paris' },
  { set: 'forget', task: 'generation', modality: 'Pure_Text', answer: 'a painter', groundTruth: 'a painter' },
  { set: 'forget', task: 'generation', modality: 'Pure_Text', answer: 'unknown', groundTruth: 'a sculptor' },
];

describe('aggregateUnlearning', () => {
  const report = aggregateUnlearning(outcomes, { seed: 7, resamples: 500 });
  const cell = (set: string, task: string, modality: string) =>
    report.cells.find((c) => c.set === set && c.task === task && c.modality === modality)!;

  it('counts accuracy per set × task × modality with a Wilson interval', () => {
    expect(cell('forget', 'classification', 'Image_Textual').metrics.accuracy).toEqual({
      value: 0.25,
      n: 4,
      k: 1,
      ci: wilsonInterval(1, 4),
    });
    expect(cell('retain', 'classification', 'Image_Textual').metrics.accuracy).toMatchObject({
      value: 0.75,
      k: 3,
    });
    expect(cell('forget', 'cloze', 'Pure_Text').metrics.accuracy).toMatchObject({ value: 0, n: 1 });
    expect(cell('retain', 'cloze', 'Pure_Text').metrics.accuracy).toMatchObject({ value: 1, n: 1 });
  });

  it('averages generation ROUGE-L F and BLEU with a bootstrap interval', () => {
    const gen = cell('forget', 'generation', 'Pure_Text').metrics;
    // exact answer: ROUGE-L F 1; "unknown" vs "a sculptor": 0
    expect(gen.rougeL).toMatchObject({ value: 0.5, n: 2 });
    const rouge = gen.rougeL!;
    if (!isScored(rouge)) throw new Error('expected a score');
    expect(rouge.ci[0]).toBeGreaterThanOrEqual(0);
    expect(rouge.ci[1]).toBeLessThanOrEqual(1);
    // identical two-token answer: p1 = p2 = 1, no trigram or 4-gram → 0.1 each under method1, BP 1
    expect(gen.bleu).toMatchObject({ n: 2 });
    if (!isScored(gen.bleu!)) throw new Error('expected a score');
    expect(gen.bleu.value).toBeCloseTo(0.1 ** 0.5 / 2, 14);
  });

  it('is deterministic for a seed', () => {
    expect(aggregateUnlearning(outcomes, { seed: 7, resamples: 500 })).toEqual(report);
  });

  it('reports the forget–retain gap with the forget and retain scores', () => {
    const gaps = forgetRetainGap(report, { seed: 3, resamples: 500 });
    const mcGap = gaps.find((g) => g.task === 'classification')!;
    expect(mcGap.gap).toMatchObject({ value: 0.25 - 0.75, n: 8 });
    if (!isScored(mcGap.gap)) throw new Error('expected a score');
    expect(mcGap.gap.ci[0]).toBeLessThanOrEqual(-0.5);
    expect(mcGap.gap.ci[1]).toBeGreaterThanOrEqual(-0.5);
    // generation has no retain counterpart: N/A, never NaN
    const genGap = gaps.find((g) => g.task === 'generation' && g.metric === 'rougeL')!;
    expect(genGap.gap).toBe('N/A');
    expect(genGap.comparison).toBe('N/A');
  });

  it('names the row and field of a malformed outcome', () => {
    const rows = [outcomes[0], { ...outcomes[1], modality: 'video' }];
    expect(() => parseUnlearningOutcomes(rows)).toThrow(UnlearningInputError);
    expect(() => parseUnlearningOutcomes(rows)).toThrow(/outcome 1: modality/);
    expect(() => aggregateUnlearning([mc('forget', 'A', 'Z')])).toThrow(/outcome 0: correctKey/);
  });
});
