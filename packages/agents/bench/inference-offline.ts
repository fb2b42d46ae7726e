/**
 * The offline inference graph against ground truth, next to a leave-one-out majority baseline.
 *
 *   node --conditions=source --import tsx packages/agents/bench/inference-offline.ts [--limit N]
 *
 * PRISM: the 543 real users of ../shared/fixtures/prism, text only (the fixture has no images).
 * llmprivacy: the 525 synthetic examples; as in the llmprivacy paper, each example is scored on the one
 * feature it was written to leak.
 */
import { parseArgs } from 'node:util';
import {
  type AttributeGuess,
  type AttributeSet,
  loadLlmPrivacy,
  loadPrism,
  PRISM_ATTRIBUTES,
  type SocialUser,
  SYNTHPAI_ATTRIBUTES,
} from '@privlens/datasets';
import { scoreAttributeGuesses } from '@privlens/metrics';
import { createOfflineEngine, inferFromEvidence } from '@privlens/models';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { inferUsers } from '../src/inference/infer-users.ts';
import { inferenceTargets } from '../src/inference/targets.ts';
import { otherSplitMajority } from './inference-baseline.ts';

const { values: args } = parseArgs({ options: { limit: { type: 'string' } } });
const limit = args.limit ? Number(args.limit) : Number.POSITIVE_INFINITY;

type Scored = { top1: number; top3: number; n: number; abstained: number };

function score(
  attributeSet: AttributeSet,
  users: SocialUser[],
  guesses: AttributeGuess[][],
  only?: (u: SocialUser) => string,
) {
  const report = scoreAttributeGuesses({
    attributeSet,
    users: users.map((u, i) => {
      const all = guesses[i] ?? [];
      if (!only) return { userId: u.id, profile: u.profile ?? {}, guesses: all };
      const feature = only(u);
      const truth = u.profile?.[feature];
      return {
        userId: u.id,
        profile: truth === undefined ? {} : { [feature]: truth },
        guesses: all.filter((g) => g.attribute === feature || g.attribute.startsWith(`${feature}.`)),
      };
    }),
  });
  const out = new Map<string, Scored>();
  for (const [key, s] of Object.entries(report.attributes)) {
    if (s.top1 === 'N/A' || s.top3 === 'N/A' || s.n === 0) continue;
    out.set(key, { top1: s.top1.value, top3: s.top3.value, n: s.n, abstained: s.abstained });
  }
  return out;
}

async function evaluate(
  name: string,
  users: SocialUser[],
  attributeSet: AttributeSet,
  only?: (u: SocialUser) => string,
) {
  // The fixtures have no images: skip loading OCR and face models.
  const engine = createOfflineEngine({ images: false });
  const started = performance.now();
  const run = await inferUsers(users, {
    runId: `bench-${name}`,
    checkpointer: ':memory:',
    attributeSet,
    textOnly: true,
    concurrency: 4,
    offline: { engine, reasoner: inferFromEvidence },
  });
  const seconds = (performance.now() - started) / 1000;
  await engine.close();
  const byId = new Map(run.results.map((r) => [r.userId, r.guesses]));
  const model = score(
    attributeSet,
    users,
    users.map((u) => byId.get(u.id) ?? []),
    only,
  );

  const targets = inferenceTargets(attributeSet);
  const baselineGuesses: AttributeGuess[][] = users.map(() => []);
  for (const t of targets) {
    // For llmprivacy the majority is taken over the other examples that attack the same feature.
    const groups = new Map<string, (readonly [SocialUser, number])[]>();
    users.forEach((u, i) => {
      const key = only ? only(u) : 'all';
      groups.set(key, [...(groups.get(key) ?? []), [u, i] as const]);
    });
    for (const [feature, members] of groups) {
      if (only && feature !== t.attribute) continue;
      const guesses = otherSplitMajority(
        members.map(([u]) => u.profile),
        t,
      );
      members.forEach(([, i], j) => {
        baselineGuesses[i]?.push(guesses[j] as AttributeGuess);
      });
    }
  }
  const baseline = score(attributeSet, users, baselineGuesses, only);

  console.log(
    `\n${name}: ${users.length} users, offline graph ${seconds.toFixed(1)} s, ${run.failedUsers} failed users`,
  );
  console.log('attribute              n   top-1   top-3 | majority top-1   top-3 | top-1 gain');
  for (const [key, m] of model) {
    const b = baseline.get(key);
    const pct = (x: number | undefined) =>
      x === undefined ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`;
    console.log(
      `${key.padEnd(20)} ${String(m.n).padStart(4)}  ${pct(m.top1)}  ${pct(m.top3)} |         ${pct(b?.top1)}  ${pct(b?.top3)} | ${b ? `${((m.top1 - b.top1) * 100).toFixed(1)} pt` : ''}`,
    );
  }
}

const prism = loadPrism({
  postsFile: fixturePath('prism', 'posts.json'),
  targetFile: fixturePath('prism', 'target.json'),
  mode: 'lenient',
});
await evaluate('PRISM (real posts, text only)', prism.records.slice(0, limit), PRISM_ATTRIBUTES);

const llm = loadLlmPrivacy(fixturePath('llmprivacy', 'data', 'synthetic', 'synthetic_dataset.jsonl'));
await evaluate(
  'llmprivacy synthetic (attacked feature only)',
  llm.records.slice(0, limit),
  SYNTHPAI_ATTRIBUTES,
  (u) => String(u.meta?.feature),
);
console.log(
  '\nmajority = from the other split: users alternate between two halves; each is guessed the 3 most frequent',
);
console.log(
  'values of the other half (llmprivacy: of the other half of the examples attacking the same feature);',
);
console.log(
  'numbers: median, lower and upper quartile of the other half. Scored by @privlens/metrics scoreAttributeGuesses.',
);
