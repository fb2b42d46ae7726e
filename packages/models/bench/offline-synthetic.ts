/**
 * Does perception + inference recover what the generator planted? 30 users from generateUsers (offline engine,
 * PNG cards: boarding pass, badge, diploma, receipt, bulletin …) with `leaks` ground truth. Each user is scored
 * (scoreAttributeGuesses) only on the attributes their posts leak, once with images (OCR + faces) and once text-only.
 * Run: node --conditions=source --import tsx packages/models/bench/offline-synthetic.ts [count] [seed]
 */
import type { AttributeValue, Evidence, Profile, SocialUser } from '@privlens/datasets';
import { generateUsers, offlineGenerator, PRISM_ATTRIBUTES } from '@privlens/datasets';
import { type AttributeReport, scoreAttributeGuesses, type UserGuesses } from '@privlens/metrics';
import { createOfflineEngine } from '../src/offline/engine.ts';
import { inferFromEvidence } from '../src/offline/infer.ts';

const count = Number(process.argv[2] ?? 30);
const seed = process.argv[3] ?? 'offline-synthetic';
const set = PRISM_ATTRIBUTES;
const engine = createOfflineEngine({ year: 2025 });

/** The profile cut down to the leaked attributes (composite parts kept one by one). */
function leakedProfile(user: SocialUser, via?: 'image' | 'text'): Profile {
  const out: Record<string, AttributeValue> = {};
  for (const post of user.posts)
    for (const leak of post.leaks ?? []) {
      if (via && leak.via !== via) continue;
      const [key = '', part] = leak.attribute.split('.');
      const truth = user.profile?.[key];
      if (truth === undefined) continue;
      if (part && truth && typeof truth === 'object' && !Array.isArray(truth)) {
        const whole = (out[key] ?? {}) as Record<string, unknown>;
        whole[part] = (truth as Record<string, unknown>)[part];
        out[key] = whole as AttributeValue;
      } else out[key] = truth;
    }
  return out as Profile;
}

const users: SocialUser[] = [];
for await (const u of generateUsers({ count, seed, engine: offlineGenerator() })) users.push(u);

const withImages: UserGuesses[] = [];
const textOnly: UserGuesses[] = [];
const imageLeaks: UserGuesses[] = [];
const t0 = performance.now();
let images = 0;
for (const u of users) {
  const full: Evidence[] = [];
  const text: Evidence[] = [];
  for (const post of u.posts) {
    full.push(...(await engine.perceive(post)));
    if (post.image) images++;
    text.push(...(await engine.perceive({ id: post.id, text: post.text })));
  }
  const profile = leakedProfile(u);
  const g = inferFromEvidence(set, full);
  withImages.push({ userId: u.id, profile, guesses: g });
  textOnly.push({ userId: u.id, profile, guesses: inferFromEvidence(set, text) });
  imageLeaks.push({ userId: u.id, profile: leakedProfile(u, 'image'), guesses: g });
}
const seconds = (performance.now() - t0) / 1000;
await engine.close();

const a = scoreAttributeGuesses({ attributeSet: set, users: withImages });
const b = scoreAttributeGuesses({ attributeSet: set, users: textOnly });
const c = scoreAttributeGuesses({ attributeSet: set, users: imageLeaks });
type S = NonNullable<AttributeReport['attributes'][string]>;
const pct = (s: S | undefined) => (s && s.top1 !== 'N/A' ? `${(100 * s.top1.value).toFixed(0)}%` : '—');

console.log(
  `${users.length} generated users (seed ${seed}), ${images} images, ${seconds.toFixed(1)} s for perception (both passes)`,
);
console.log(
  `${'leaked attribute'.padEnd(18)}${'users'.padEnd(7)}${'text+image'.padEnd(12)}${'text-only'.padEnd(11)}image-leak users  text+image on them`,
);
const keys = Object.keys(a.attributes).filter(
  (k) => (a.attributes[k]?.n ?? 0) > 0 && k !== 'LOC' && k !== 'APP',
);
for (const k of keys.sort())
  console.log(
    `${k.padEnd(18)}${String(a.attributes[k]?.n).padEnd(7)}${pct(a.attributes[k]).padEnd(12)}${pct(b.attributes[k]).padEnd(11)}${String(c.attributes[k]?.n ?? 0).padEnd(18)}${pct(c.attributes[k])}`,
  );
const o = (r: AttributeReport) =>
  r.overall.top1 === 'N/A' ? '—' : `${(100 * r.overall.top1.value).toFixed(1)}%`;
console.log(`overall top-1: text+image ${o(a)}, text-only ${o(b)}; image leaks alone ${o(c)}`);
