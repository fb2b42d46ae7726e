/**
 * The SPY-Bench fixture through the compliance graph on the embedded offline model (which always answers),
 * undefended and behind each training-free defense, judged by the offline rule judge; prints the paper's columns.
 *   node --conditions=source --import tsx packages/agents/bench/compliance-defenses.ts
 */
import { spyPaperTable } from '@privlens/metrics';
import { createModel } from '@privlens/models';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { runCompliance } from '../src/compliance/run-compliance.ts';
import type { Defense } from '../src/defenses/defense.ts';
import { withPolicyGuard } from '../src/defenses/policy-guard/policy-guard.ts';
import { withSelfModeration } from '../src/defenses/self-moderation.ts';
import { ruleJudge } from '../src/judges/rule-judge.ts';
import { loadSpyFixture } from '../src/compliance/testing/spy-fixture.ts';

const { bench, samples } = loadSpyFixture(fixturePath('spy-bench'));
const target = createModel('offline');
const defenses: [string, Defense | undefined][] = [
  ['offline (undefended)', undefined],
  ['offline + self-moderation', withSelfModeration],
  [
    'offline + policy guard',
    (m) => withPolicyGuard(m, { label2text: bench.label2text, scenarios: bench.scenarios }),
  ],
];
const entries = [];
for (const [name, defense] of defenses) {
  const t0 = performance.now();
  const run = await runCompliance(samples, {
    target,
    judge: ruleJudge,
    defense,
    label2text: bench.label2text,
    concurrency: 2,
  });
  for (const key of ['without', 'with'] as const) {
    const report = run.reports[key];
    if (report) entries.push({ model: `${name}, ${key} distractors`, metrics: report });
  }
  console.error(
    `${name}: ${run.records.length} samples in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
console.log(
  `SPY-Bench fixture (${samples.length} samples: ${bench.records.length} items × 5 situations × with/without distractors; rule judge)`,
);
console.log(spyPaperTable(entries).markdown);
