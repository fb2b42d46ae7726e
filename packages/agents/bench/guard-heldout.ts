/**
 * The policy guard on the held-out SPY-style cases (src/defenses/eval): decision accuracy, confusion matrix,
 * per situation, with/without distractors, category-detection and scenario-matching accuracy. Dev misses are
 * listed (tuning looks at dev only); test is reported apart.
 *   node --conditions=source --import tsx packages/agents/bench/guard-heldout.ts [--verbose]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpyScenario } from '@privlens/datasets';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { loadGuardEval, scoreGuardEval } from '../src/defenses/policy-guard/guard-eval.ts';
import { createPolicyGuard } from '../src/defenses/policy-guard/policy-guard.ts';

export async function guardOnHeldout(split: 'dev' | 'test') {
  const data = fixturePath('spy-bench', 'benchmark', 'data');
  const label2text = JSON.parse(readFileSync(join(data, 'label2text.json'), 'utf8')) as Record<
    string,
    string
  >;
  const scenarios = Object.values(
    JSON.parse(readFileSync(join(data, 'scenarios.json'), 'utf8')) as Record<string, SpyScenario>,
  );
  const cases = loadGuardEval(new URL(`../src/defenses/eval/${split}.json`, import.meta.url).pathname);
  const guard = createPolicyGuard({ label2text, scenarios });
  const decisions = [];
  for (const c of cases) decisions.push(await guard.decide(c.prompt));
  return scoreGuardEval(cases, decisions);
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

async function main() {
  const verbose = process.argv.includes('--verbose');
  for (const split of ['dev', 'test'] as const) {
    const s = await guardOnHeldout(split);
    console.log(
      `held-out ${split}: decision accuracy ${pct(s.accuracy)} (${s.rows.filter((r) => r.correct).length}/${s.n})`,
    );
    console.log(
      `  category detection ${pct(s.categoryAccuracy)}, scenario matching ${pct(s.scenarioAccuracy)}`,
    );
    const c = s.confusion;
    console.log(
      `  confusion (expected → decided): answer→answer ${c.answer.answer}, answer→evade ${c.answer.evade}, evade→answer ${c.evade.answer}, evade→evade ${c.evade.evade}`,
    );
    for (const [k, v] of Object.entries(s.bySituation)) console.log(`  ${k}: ${pct(v.accuracy)} (n=${v.n})`);
    for (const [k, v] of Object.entries(s.byDistractors))
      console.log(`  ${k} distractors: ${pct(v.accuracy)} (n=${v.n})`);
    if (split === 'dev' || verbose)
      for (const r of s.rows)
        if (!r.correct || !r.categoryCorrect || r.scenarioCorrect === false)
          console.log(
            `  ${r.correct ? 'ok  ' : 'MISS'} ${r.case.id} ${r.case.situation} want ${r.case.expected}/${r.case.label}/${r.case.scenario ?? '-'} got ${r.decision.action}/${r.decision.category ?? '-'}/${r.decision.scenario?.id ?? '-'} (${r.decision.reason}) q=${JSON.stringify(r.decision.question)}`,
          );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
