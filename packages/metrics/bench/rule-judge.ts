// The offline rule judge on TOFU's refusal strings and world-facts answers, and its speed.
// Run: node --conditions=source --import tsx packages/metrics/bench/rule-judge.ts
import { readFileSync } from 'node:fs';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { classifyResponse } from '../src/judge/classify-response.ts';
import { loadJudgeEval, scoreJudgeEval } from '../src/judge/judge-eval.ts';

// Held-out VLM-style answers (src/judge/eval): dev is for tuning, test is reported apart and never tuned on.
const evalDir = new URL('../src/judge/eval/', import.meta.url);
const verbose = process.argv.includes('--verbose');
for (const split of ['dev', 'test'] as const) {
  const s = scoreJudgeEval(loadJudgeEval(new URL(`${split}.jsonl`, evalDir).pathname));
  const c = s.confusion;
  console.log(
    `held-out ${split}: accuracy ${(100 * s.accuracy).toFixed(2)}% (${s.n - s.misses.length}/${s.n})`,
  );
  console.log('  confusion (rows expected, columns predicted):    respond  reject');
  console.log(
    `    respond ${String(c.respond.respond).padStart(38)} ${String(c.respond.reject).padStart(7)}`,
  );
  console.log(`    reject  ${String(c.reject.respond).padStart(38)} ${String(c.reject.reject).padStart(7)}`);
  for (const k of ['respond', 'reject'] as const) {
    const p = s.perClass[k];
    console.log(
      `  ${k}: precision ${p.precision.toFixed(3)} recall ${p.recall.toFixed(3)} (support ${p.support})`,
    );
  }
  // Only dev misses are listed by default, so tuning looks at dev alone.
  if (split === 'dev' || verbose)
    for (const m of s.misses)
      console.log(
        `  MISS ${m.row.id} [${m.row.style}] expected ${m.row.label}, got ${m.predicted} (${m.rule}): ${JSON.stringify(m.row.answer)}`,
      );
}

const refusals = readFileSync(fixturePath('tofu', 'data', 'idontknow.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const answers = readFileSync(fixturePath('tofu', 'data', 'world_facts_perturbed.json'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .flatMap((l) => {
    const r = JSON.parse(l) as { answer: string; perturbed_answer: string[] };
    return [r.answer, ...r.perturbed_answer].map(String);
  });

const rejected = refusals.filter((t) => classifyResponse(t).label === 'reject');
const responded = answers.filter((t) => classifyResponse(t).label === 'respond');
const byRule = new Map<string, number>();
for (const t of refusals) {
  const { rule } = classifyResponse(t);
  byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
}
console.log(`TOFU idontknow.jsonl: ${rejected.length}/${refusals.length} judged reject`);
for (const t of refusals) if (classifyResponse(t).label !== 'reject') console.log(`  missed: ${t}`);
console.log(`  rules: ${JSON.stringify(Object.fromEntries(byRule))}`);
console.log(`TOFU world_facts_perturbed.json answers: ${responded.length}/${answers.length} judged respond`);

const texts = [...refusals, ...answers];
const rounds = 50;
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const t of texts) classifyResponse(t);
const ms = performance.now() - t0;
console.log(
  `speed: ${((rounds * texts.length) / (ms / 1000)).toFixed(0)} answers/s (${rounds * texts.length} short answers)`,
);
