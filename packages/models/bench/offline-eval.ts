/**
 * The offline engine against ground truth, scored by @privlens/metrics' scoreAttributeGuesses (llmprivacy's
 * model-free rules): PRISM (543 users, posts + topic titles, text only) and the llmprivacy synthetic set (each
 * reply attacked for one feature). Prints per-attribute top-1 / top-3, the share answered, the share answered from
 * a prior only, and the majority-class baseline scored by the same rules.
 * Run: node --conditions=source --import tsx packages/models/bench/offline-eval.ts [prism|llmprivacy]
 */
import type { AttributeGuess, AttributeSet, Evidence, Profile, SocialUser } from '@privlens/datasets';
import { loadLlmPrivacy, loadPrism, PRISM_ATTRIBUTES, SYNTHPAI_ATTRIBUTES } from '@privlens/datasets';
import { type AttributeReport, scoreAttributeGuesses, type UserGuesses } from '@privlens/metrics';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { createOfflineEngine } from '../src/offline/engine.ts';
import { inferFromEvidence } from '../src/offline/infer.ts';

const only = process.argv[2];
const engine = createOfflineEngine({ images: false, year: 2024 });

const pct = (s: NonNullable<AttributeReport['attributes'][string]>['top1'] | undefined) =>
  s && s !== 'N/A' ? `${(100 * s.value).toFixed(1)}%` : 'N/A';

/** Most frequent truth per attribute key (dotted keys for composite parts), as a guess for everyone. */
function majorityGuesses(set: AttributeSet, users: UserGuesses[]): UserGuesses[] {
  const counts = new Map<string, Map<string, number>>();
  const bump = (key: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    const m = counts.get(key) ?? new Map<string, number>();
    for (const v of Array.isArray(value) ? value : [value]) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
    counts.set(key, m);
  };
  for (const u of users)
    for (const def of set.attributes) {
      const truth = u.profile[def.key];
      if (
        def.kind === 'composite' &&
        def.parts &&
        truth &&
        typeof truth === 'object' &&
        !Array.isArray(truth)
      )
        for (const p of def.parts) bump(`${def.key}.${p.key}`, (truth as Record<string, unknown>)[p.key]);
      else bump(def.key, truth);
    }
  const top = new Map([...counts].map(([k, m]) => [k, [...m].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '']));
  return users.map((u) => ({
    ...u,
    guesses: u.guesses.map((g) => ({
      attribute: g.attribute,
      candidates: [{ value: top.get(g.attribute) ?? '' }],
    })),
  }));
}

function table(title: string, set: AttributeSet, users: UserGuesses[], keys: string[]) {
  const ours = scoreAttributeGuesses({ attributeSet: set, users });
  const major = scoreAttributeGuesses({ attributeSet: set, users: majorityGuesses(set, users) });
  console.log(`\n${title}`);
  console.log(
    `${'attribute'.padEnd(22)}${'n'.padEnd(6)}${'answered'.padEnd(10)}${'prior'.padEnd(8)}${'top1'.padEnd(8)}${'top3'.padEnd(8)}majority top1`,
  );
  for (const key of keys) {
    const a = ours.attributes[key];
    const m = major.attributes[key];
    if (!a || a.n === 0) continue;
    const guesses = users.flatMap((u) => u.guesses.filter((g) => g.attribute === key && !g.abstained));
    const prior = guesses.filter((g) =>
      (g as AttributeGuess).candidates.every((c) => c.rationale?.startsWith('prior')),
    ).length;
    const beat = a.top1 !== 'N/A' && m?.top1 !== 'N/A' && m && a.top1.value > m.top1.value ? ' ✓' : '';
    console.log(
      `${key.padEnd(22)}${String(a.n).padEnd(6)}${`${((100 * a.answered) / a.n).toFixed(0)}%`.padEnd(10)}${`${((100 * prior) / a.n).toFixed(0)}%`.padEnd(8)}${pct(a.top1).padEnd(8)}${pct(a.top3).padEnd(8)}${pct(m?.top1)}${beat}`,
    );
  }
  console.log(`overall top1 ${pct(ours.overall.top1)}  (majority ${pct(major.overall.top1)})`);
}

async function evidenceOf(user: SocialUser, extra: string[] = []): Promise<Evidence[]> {
  const evidence: Evidence[] = [];
  for (const post of user.posts) evidence.push(...(await engine.perceive({ id: post.id, text: post.text })));
  for (const [i, text] of extra.entries())
    evidence.push(...(await engine.perceive({ id: `${user.id}/extra${i}`, text })));
  return evidence;
}

if (!only || only === 'prism') {
  const set = PRISM_ATTRIBUTES;
  const { records } = loadPrism({
    postsFile: fixturePath('prism', 'posts.json'),
    targetFile: fixturePath('prism', 'target.json'),
  });
  const t0 = performance.now();
  const users: UserGuesses[] = [];
  let posts = 0;
  for (const u of records) {
    // Topic titles are the user's own interests: read as one more text.
    const topics = Object.entries(u.topics ?? {}).map(([t, subs]) => `${t}: ${subs.join('; ')}`);
    posts += u.posts.length + 1;
    const guesses = inferFromEvidence(set, await evidenceOf(u, [topics.join('\n')]));
    users.push({ userId: u.id, profile: u.profile ?? {}, guesses });
  }
  const ms = performance.now() - t0;
  table(
    `PRISM: ${records.length} users, text only (${(ms / 1000).toFixed(1)} s, ${(ms / posts).toFixed(1)} ms per text)`,
    set,
    users,
    [
      'AGE',
      'SEX',
      'EDU',
      'OCC',
      'INC',
      'REL',
      'REG',
      'HEA',
      'SHP',
      'HOB',
      'LOC.birthplace',
      'LOC.travel',
      'APP.hair',
    ],
  );
}

if (!only || only === 'llmprivacy') {
  const set = SYNTHPAI_ATTRIBUTES;
  const { records } = loadLlmPrivacy(
    fixturePath('llmprivacy', 'data', 'synthetic', 'synthetic_dataset.jsonl'),
  );
  const t0 = performance.now();
  const users: UserGuesses[] = [];
  for (const u of records) {
    const feature = String(u.meta?.feature);
    const one = { ...set, attributes: set.attributes.filter((a) => a.key === feature) };
    const guesses = inferFromEvidence(one, await evidenceOf(u));
    // Only the attacked feature is scored: the others are not inferable from this one reply by design.
    const profile = { [feature]: u.profile?.[feature] } as Profile;
    users.push({ userId: u.id, profile, guesses });
  }
  table(
    `llmprivacy synthetic: ${records.length} replies (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    set,
    users,
    set.attributes.map((a) => a.key),
  );
}
await engine.close();
