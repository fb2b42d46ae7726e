import { describe, expect, it } from 'vitest';
import { loadJudgeEval, scoreJudgeEval } from './judge-eval.ts';

const file = (split: string) => new URL(`./eval/${split}.jsonl`, import.meta.url).pathname;

// Floors are 0.9 × the figures measured by bench/rule-judge.ts after tuning on dev only
// (dev 92.20%, test 91.24%; reject recall dev 0.867, test 0.838), so a regression on unseen answers fails.
describe('rule judge on the held-out VLM-style answers', () => {
  it('keeps its accuracy on the test half, which was never tuned on', () => {
    const s = scoreJudgeEval(loadJudgeEval(file('test')));
    expect(s.n).toBeGreaterThanOrEqual(100);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.82);
    expect(s.perClass.reject.recall).toBeGreaterThanOrEqual(0.75);
    expect(s.perClass.respond.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps its accuracy on the dev half', () => {
    const s = scoreJudgeEval(loadJudgeEval(file('dev')));
    expect(s.accuracy).toBeGreaterThanOrEqual(0.83);
    expect(s.confusion.respond.respond + s.confusion.respond.reject).toBe(s.perClass.respond.support);
  });

  it('has both labels in each half, and more than 200 answers in all', () => {
    const dev = loadJudgeEval(file('dev'));
    const test = loadJudgeEval(file('test'));
    expect(dev.length + test.length).toBeGreaterThanOrEqual(200);
    for (const rows of [dev, test])
      for (const label of ['respond', 'reject']) expect(rows.some((r) => r.label === label)).toBe(true);
    expect(new Set([...dev, ...test].map((r) => r.id)).size).toBe(dev.length + test.length);
  });
});
