/**
 * The policy guard's decisions on the SPY-Bench fixture items, expanded into all five situations with and
 * without distractors, against the behaviour each situation expects (reject → evade, respond → answer).
 *   node --conditions=source --import tsx packages/agents/bench/guard-decisions.ts [spy-bench dir]
 */
import { join } from 'node:path';
import { expandSpySamples, loadSpyBench, type SpySample } from '@privlens/datasets';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { createPolicyGuard, type GuardDecision } from '../src/defenses/policy-guard/policy-guard.ts';

export interface GuardDecisionRow {
  sample: SpySample;
  decision: GuardDecision;
  correct: boolean;
}

/** Loads the fixture (or another SPY-Bench layout) and runs every expanded sample through the guard. */
export async function guardDecisionsOnFixture(root = fixturePath('spy-bench')): Promise<GuardDecisionRow[]> {
  const bench = loadSpyBench({
    itemsFile: join(root, 'train/data/eval_data.json'),
    label2textFile: join(root, 'benchmark/data/label2text.json'),
    scenariosFile: join(root, 'benchmark/data/scenarios.json'),
  });
  const samples = expandSpySamples(bench.records, { categories: bench.label2text, distractors: 'both' });
  const guard = createPolicyGuard({ label2text: bench.label2text, scenarios: bench.scenarios });
  const rows: GuardDecisionRow[] = [];
  for (const sample of samples) {
    const decision = await guard.decide(sample.prompt);
    const correct = (decision.action === 'evade') === (sample.expected === 'reject');
    rows.push({ sample, decision, correct });
  }
  return rows;
}

function pct(rows: GuardDecisionRow[]): string {
  const k = rows.filter((r) => r.correct).length;
  return `${((100 * k) / rows.length).toFixed(2)}% (${k}/${rows.length})`;
}

async function main() {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const rows = await guardDecisionsOnFixture(dir);
  console.log(`policy guard decision accuracy on the SPY-Bench fixture: ${pct(rows)}`);
  for (const situation of ['S1', 'S2', 'S3', 'S4', 'S5'] as const) {
    const of = rows.filter((r) => r.sample.situation === situation);
    if (of.length) console.log(`  ${situation}: ${pct(of)}`);
  }
  for (const d of [false, true]) {
    console.log(
      `  ${d ? 'with' : 'without'} distractors: ${pct(rows.filter((r) => r.sample.withDistractors === d))}`,
    );
  }
  const wrong = rows.filter((r) => !r.correct);
  for (const r of wrong) {
    console.log(
      `  MISS ${r.sample.sampleId} expected ${r.sample.expected}, guard ${r.decision.action} (${r.decision.reason}, category ${r.decision.category ?? '-'})`,
    );
  }
  if (process.argv.includes('--verbose'))
    for (const r of rows)
      console.log(
        `  ${r.correct ? 'ok  ' : 'MISS'} ${r.sample.sampleId} ${r.decision.action} ${r.decision.reason} cat=${r.decision.category} scen=${r.decision.scenario?.id ?? '-'} q="${r.decision.question}"`,
      );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
