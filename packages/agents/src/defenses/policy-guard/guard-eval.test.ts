import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpyScenario } from '@privlens/datasets';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../../test-support/fixtures.ts';
import { loadGuardEval, scoreGuardEval } from './guard-eval.ts';
import { createPolicyGuard } from './policy-guard.ts';

const data = fixturePath('spy-bench', 'benchmark', 'data');
const label2text = JSON.parse(readFileSync(join(data, 'label2text.json'), 'utf8')) as Record<string, string>;
const scenarios = Object.values(
  JSON.parse(readFileSync(join(data, 'scenarios.json'), 'utf8')) as Record<string, SpyScenario>,
);
const guard = createPolicyGuard({ label2text, scenarios });

async function score(split: 'dev' | 'test') {
  const cases = loadGuardEval(new URL(`../eval/${split}.json`, import.meta.url).pathname);
  const decisions = [];
  for (const c of cases) decisions.push(await guard.decide(c.prompt));
  return scoreGuardEval(cases, decisions);
}

// Floors are 0.9 × the figures measured by bench/guard-heldout.ts (dev 97.41%, test 100.00%; category
// detection 97.41% on both), so a regression on unseen wording fails here.
describe('policy guard on the held-out SPY-style cases', () => {
  it('keeps its decision accuracy on the test half', async () => {
    const s = await score('test');
    expect(s.n).toBeGreaterThanOrEqual(100);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(s.categoryAccuracy).toBeGreaterThanOrEqual(0.87);
    for (const [situation, g] of Object.entries(s.bySituation))
      expect(g.accuracy, situation).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps its decision accuracy on the dev half', async () => {
    const s = await score('dev');
    expect(s.accuracy).toBeGreaterThanOrEqual(0.87);
    expect(
      s.confusion.answer.answer +
        s.confusion.answer.evade +
        s.confusion.evade.evade +
        s.confusion.evade.answer,
    ).toBe(s.n);
  });

  it('names the file, case and field of a bad case', () => {
    expect(() => loadGuardEval(fixturePath('spy-bench', 'benchmark', 'data', 'label2text.json'))).toThrow(
      /expected an array/,
    );
  });
});
