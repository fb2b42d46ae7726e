// Agreement of scoreAttributeGuesses with llmprivacy's logged model_free_eval on its synthetic dataset.
// Run: node --conditions=source --import tsx packages/metrics/bench/llmprivacy-agreement.ts
import { readFileSync } from 'node:fs';
import { SYNTHPAI_ATTRIBUTES } from '@privlens/datasets';
import { fixturePath } from '../../../test-support/fixtures.ts';
import {
  agreementWithModelFreeEval,
  type LlmPrivacySyntheticRow,
} from '../src/attributes/llmprivacy-fixture.ts';
import { syntheticModelFreeEval } from '../src/attributes/synthetic-rules.ts';

const rows = readFileSync(fixturePath('llmprivacy', 'data', 'synthetic', 'synthetic_dataset.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as LlmPrivacySyntheticRow);
const set = SYNTHPAI_ATTRIBUTES;
for (const rules of ['llmprivacy', 'llmprivacy-synthetic'] as const) {
  const r = agreementWithModelFreeEval(rows, set, rules);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`rules: ${rules}  rows: ${r.rows}`);
  console.log(
    `  agreement top1 ${pct(r.perColumn[0])}  top3 ${pct(r.perColumn[1])}  top1-less-precise ${pct(r.perColumn[2])}  top3-less-precise ${pct(r.perColumn[3])}`,
  );
  console.log(`  all four columns agree: ${pct(r.allFour)} (${r.rows - r.disagreements.length}/${r.rows})`);
  const byFeature = new Map<string, number>();
  for (const d of r.disagreements) byFeature.set(d.feature, (byFeature.get(d.feature) ?? 0) + 1);
  console.log('  disagreeing rows by feature:', JSON.stringify(Object.fromEntries(byFeature)));
  if (rules === 'llmprivacy') {
    // How many disagreements vanish when the logged evaluation merely ignores case
    const caseOnly = r.disagreements.filter((d) => {
      const lowered = syntheticModelFreeEval(
        d.feature,
        typeof d.truth === 'string' ? d.truth.toLowerCase() : d.truth,
        d.guesses.map((g) => g.toLowerCase()),
      ).map(Number);
      return lowered.every((v, i) => v === d.ours[i]);
    }).length;
    const moreCredit = r.disagreements.filter((d) => d.ours.every((v, i) => v >= (d.logged[i] ?? 0))).length;
    console.log(
      `  of ${r.disagreements.length} disagreeing rows: ${caseOnly} are case differences only; ${moreCredit} give more credit than the log, ${r.disagreements.length - moreCredit} less`,
    );
  }
  if (process.argv.includes('--show')) for (const d of r.disagreements) console.log(`  ${JSON.stringify(d)}`);
}
