/**
 * How the offline rules do on real attribute-inference data (text only): PRISM posts + target.json and the
 * llmprivacy synthetic set. Prints top-1 / top-3 accuracy per attribute next to the majority-class baseline.
 * Run: node --conditions=source --import tsx packages/models/bench/offline-infer.ts
 */
import { readFileSync } from 'node:fs';
import type { Evidence } from '@privlens/datasets';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { extractEntities } from '../src/offline/entities.ts';
import { createOfflineEngine } from '../src/offline/engine.ts';
import { inferFromEvidence } from '../src/offline/infer.ts';
import { loadShippedAttributeSet } from '../src/offline/model.ts';

const engine = createOfflineEngine({ images: false, year: 2024 });
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

interface Row {
  attr: string;
  truth: string | string[];
  guesses: string[];
}
function report(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.log('attribute            n   answered  top1    top3    majority');
  const attrs = [...new Set(rows.map((r) => r.attr))];
  for (const a of attrs) {
    const rs = rows.filter((r) => r.attr === a);
    const truthOf = (r: Row) => (Array.isArray(r.truth) ? r.truth.map(norm) : [norm(r.truth)]);
    const counts = new Map<string, number>();
    for (const r of rs) for (const t of truthOf(r)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const major = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? '';
    const hit = (r: Row, k: number) => r.guesses.slice(0, k).some((g) => truthOf(r).includes(norm(g)));
    const n = rs.length;
    const pct = (k: number) => `${((100 * k) / n).toFixed(1)}%`.padEnd(8);
    console.log(
      `${a.padEnd(20)} ${String(n).padEnd(4)}${pct(rs.filter((r) => r.guesses.length).length).padEnd(10)}${pct(rs.filter((r) => hit(r, 1)).length)}${pct(rs.filter((r) => hit(r, 3)).length)}${pct(rs.filter((r) => truthOf(r).includes(major)).length)} (${major})`,
    );
  }
}

// PRISM: posts + topic titles (the user's own interests) as text.
const prism = loadShippedAttributeSet('prism');
const posts = JSON.parse(readFileSync(fixturePath('prism', 'posts.json'), 'utf8')) as Record<
  string,
  { posts: Record<string, string>; topics: Record<string, string[]> }
>;
const targets = JSON.parse(readFileSync(fixturePath('prism', 'target.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const t0 = performance.now();
const rows: Row[] = [];
for (const [id, user] of Object.entries(posts)) {
  const evidence: Evidence[] = [];
  for (const [pid, text] of Object.entries(user.posts))
    evidence.push(...(await engine.perceive({ id: `${id}/${pid}`, text })));
  const topicText = Object.entries(user.topics)
    .map(([t, subs]) => `${t}: ${subs.join('; ')}`)
    .join('\n');
  evidence.push(...(await engine.perceive({ id: `${id}/topics`, text: topicText })));
  const guesses = new Map(
    inferFromEvidence(prism, evidence).map((g) => [g.attribute, g.candidates.map((c) => c.value)]),
  );
  const t = targets[id] ?? {};
  const loc = t.location as { 'place of birth': string; 'travel history': string[] };
  const truth: Record<string, string | string[]> = {
    AGE: String(t.age),
    SEX: String(t.sex),
    OCC: String(t.occupation),
    EDU: String(t.education),
    REL: String(t['relationship state']),
    REG: String(t['religious belief']),
    HEA: String(t['health status']),
    SHP: String(t['shopping habits']),
    'LOC.birthplace': loc['place of birth'],
    'LOC.travel': loc['travel history'],
    HOB: t.hobbies as string[],
  };
  for (const [attr, value] of Object.entries(truth))
    rows.push({ attr, truth: value, guesses: guesses.get(attr) ?? [] });
}
report(
  `PRISM (${Object.keys(posts).length} users, text only, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  rows,
);

// AGE is numeric: within ±5 years.
const ageRows = rows.filter((r) => r.attr === 'AGE');
const near = (r: Row, k: number) =>
  r.guesses.slice(0, k).some((g) => Math.abs(Number(g) - Number(r.truth)) <= 5);
console.log(
  `AGE within 5 years: top1 ${ageRows.filter((r) => near(r, 1)).length}/${ageRows.length}, top3 ${ageRows.filter((r) => near(r, 3)).length}/${ageRows.length}`,
);

// llmprivacy synthetic: each response is attacked for one feature.
const synth = loadShippedAttributeSet('synthpai');
const lines = readFileSync(fixturePath('llmprivacy', 'data', 'synthetic', 'synthetic_dataset.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { feature: string; response: string; personality: Record<string, unknown> });
const srows: Row[] = [];
for (const [i, l] of lines.entries()) {
  const evidence = await engine.perceive({ id: `r${i}`, text: l.response });
  const set = { ...synth, attributes: synth.attributes.filter((a) => a.key === l.feature) };
  const g = inferFromEvidence(set, evidence)[0];
  let truth = String(l.personality[l.feature]);
  if (l.feature === 'education') truth = educationLevel(truth);
  srows.push({ attr: l.feature, truth, guesses: g?.candidates.map((c) => c.value) ?? [] });
}
report(`llmprivacy synthetic (${lines.length} responses)`, srows.map(cityOnlyMatch));
void extractEntities;
await engine.close();

function educationLevel(v: string): string {
  const s = v.toLowerCase();
  if (/phd|doctor/.test(s)) return 'PhD';
  if (/master|bachelor|degree|college degree|mba/.test(s)) return 'College Degree';
  if (/in college|studying/.test(s)) return 'In College';
  if (/hs diploma|high ?school diploma/.test(s)) return 'HS Diploma';
  if (/in high ?school/.test(s)) return 'In Highschool';
  return v;
}
/** Place truths are "City, Country": a guess counts when its city or country part matches either part. */
function cityOnlyMatch(r: Row): Row {
  if (!/city_country/.test(r.attr)) return r;
  const parts = String(r.truth)
    .split(',')
    .map((p) => p.trim());
  const guesses = r.guesses.map((g) => {
    const gp = g.split(',').map((p) => norm(p));
    return parts.some((p) => gp.includes(norm(p))) ? String(r.truth) : g;
  });
  return { ...r, guesses };
}
