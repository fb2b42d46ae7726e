import { describe, expect, it } from 'vitest';
import { AttributeSet } from '../schemas/attributes.ts';
import { SocialUser } from '../schemas/social.ts';
import { PRISM_ATTRIBUTES } from '../taxonomy.ts';
import { generateUsers } from './generate-users.ts';
import { offlineGenerator } from './offline-engine.ts';
import type { GeneratedProfile } from './sample-profile.ts';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from './render.ts';

async function collect(iterable: AsyncIterable<SocialUser>): Promise<SocialUser[]> {
  const out: SocialUser[] = [];
  for await (const u of iterable) out.push(u);
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(String.fromCharCode(...bytes.slice(12, 16))).toBe('IHDR');
  expect(String.fromCharCode(...bytes.slice(bytes.length - 8, bytes.length - 4))).toBe('IEND');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const EDU_ORDER = PRISM_ATTRIBUTES.attributes.find((a) => a.key === 'EDU')!.options!;
const eduRank = (level: unknown) => EDU_ORDER.indexOf(String(level));

describe('generateUsers with the offline engine', () => {
  it('is deterministic per seed, down to the PNG bytes', async () => {
    const a = await collect(generateUsers({ count: 3, seed: 11, engine: offlineGenerator() }));
    const b = await collect(generateUsers({ count: 3, seed: 11, engine: offlineGenerator() }));
    expect(b).toEqual(a);
    const c = await collect(
      generateUsers({ count: 3, seed: 12, engine: offlineGenerator({ renderImages: false }) }),
    );
    expect(c.map((u) => u.profile)).not.toEqual(a.map((u) => u.profile));
    // User i depends on the seed and i only, not on how many users are asked for.
    const first = await collect(generateUsers({ count: 1, seed: 11, engine: offlineGenerator() }));
    expect(first[0]).toEqual(a[0]);
  });

  it('keeps the prior dependencies over 500 users', async () => {
    const users = await collect(
      generateUsers({ count: 500, seed: 'plausible', engine: offlineGenerator({ renderImages: false }) }),
    );
    const seen = { phd: 0, under18: 0, widowed: 0 };
    for (const user of users) {
      expect(SocialUser.safeParse(user).success).toBe(true);
      const p = user.profile as unknown as GeneratedProfile;
      const age = p.AGE as number;
      expect(age).toBeGreaterThanOrEqual(15);
      expect(age).toBeLessThanOrEqual(75);
      if (p.EDU === 'PhD') {
        seen.phd++;
        expect(age).toBeGreaterThanOrEqual(24);
      }
      if (eduRank(p.EDU) >= eduRank("master's degree")) expect(age).toBeGreaterThanOrEqual(22);
      if (eduRank(p.EDU) >= eduRank("bachelor's degree")) expect(age).toBeGreaterThanOrEqual(20);
      if (p.OCC === 'researcher' || p.OCC === 'teacher') expect(age).toBeGreaterThanOrEqual(22);
      if (p.OCC === 'researcher') expect(eduRank(p.EDU)).toBeGreaterThanOrEqual(eduRank("master's degree"));
      if (eduRank(p.EDU) <= eduRank('primary school'))
        expect(['software engineer', 'researcher', 'teacher', 'nurse', 'financial advisor']).not.toContain(
          p.OCC,
        );
      if (age < 18) {
        seen.under18++;
        expect(p.REL).toBe('single');
        expect(['<35000']).toContain(p.INC);
      }
      if (p.REL === 'widowed') {
        seen.widowed++;
        expect(age).toBeGreaterThanOrEqual(25);
      }
      expect(p.LOC.travel).not.toContain(p.LOC.birthplace);
      expect(new Set(p.HOB).size).toBe(p.HOB.length);
      expect(p.APP.height).toBeGreaterThanOrEqual(140);
      expect(p.APP.height).toBeLessThanOrEqual(210);
    }
    expect(seen.phd).toBeGreaterThan(5);
    expect(seen.under18).toBeGreaterThan(5);
    expect(seen.widowed).toBeGreaterThan(3);

    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const heights = (sex: string) =>
      users.filter((u) => u.profile?.SEX === sex).map((u) => (u.profile!.APP as { height: number }).height);
    expect(mean(heights('male')) - mean(heights('female'))).toBeGreaterThan(8);
    const old = users.filter((u) => (u.profile?.AGE as number) >= 60);
    const young = users.filter((u) => (u.profile?.AGE as number) < 30);
    const healthy = (xs: SocialUser[]) => xs.filter((u) => u.profile?.HEA === 'good').length / xs.length;
    expect(healthy(young)).toBeGreaterThan(healthy(old) + 0.2);
  });

  it('renders valid PNGs of the expected size and every leak cue appears where it says', async () => {
    const users = await collect(
      generateUsers({ count: 12, seed: 5, engine: offlineGenerator({ imageRate: 0.6 }) }),
    );
    let images = 0;
    let silent = 0;
    const kinds = new Set<string>();
    for (const user of users) {
      const imageText = user.meta?.imageText as Record<string, string[]>;
      for (const post of user.posts) {
        if ((post.leaks ?? []).length === 0) silent++;
        if (post.image) {
          images++;
          expect(post.image.mimeType).toBe('image/png');
          expect(post.image.caption).toBeTruthy();
          expect(pngSize(post.image.bytes!)).toEqual({ width: IMAGE_WIDTH, height: IMAGE_HEIGHT });
        }
        for (const leak of post.leaks ?? []) {
          expect(leak.cue.length).toBeGreaterThan(2);
          if (leak.via === 'text') expect(post.text).toContain(leak.cue);
          else expect(imageText[post.id]!.join(' ')).toContain(leak.cue);
        }
      }
      for (const e of user.meta!.events as { target: string | null; medium: string }[])
        kinds.add(`${e.target}`);
    }
    expect(images).toBeGreaterThan(10);
    expect(silent).toBeGreaterThan(5);
    expect(kinds.size).toBeGreaterThan(10);
  });

  it('varies the phrasing of the same attribute across users', async () => {
    const users = await collect(
      generateUsers({ count: 80, seed: 3, engine: offlineGenerator({ renderImages: false, imageRate: 0 }) }),
    );
    const hea = users.flatMap((u) => u.posts.filter((p) => p.leaks?.some((l) => l.attribute === 'HEA')));
    expect(hea.length).toBeGreaterThan(20);
    expect(new Set(hea.map((p) => p.text)).size).toBeGreaterThan(hea.length * 0.8);
    expect(new Set(hea.map((p) => p.leaks![0]!.cue)).size).toBeGreaterThan(6);
  });

  it('limits the ground truth and the leaks to the attribute set it is given', async () => {
    const prism = PRISM_ATTRIBUTES;
    const subset = AttributeSet.parse({
      name: 'prism-subset',
      attributes: prism.attributes.filter((a) => ['AGE', 'LOC', 'HEA'].includes(a.key)),
    });
    const users = await collect(
      generateUsers({
        count: 10,
        seed: 9,
        engine: offlineGenerator({ renderImages: false }),
        attributeSet: subset,
      }),
    );
    for (const user of users) {
      expect(Object.keys(user.profile!).sort()).toEqual(['AGE', 'HEA', 'LOC']);
      expect(user.attributeSet).toBe('prism-subset');
      for (const leak of user.posts.flatMap((p) => p.leaks ?? []))
        expect(['AGE', 'HEA', 'LOC']).toContain(leak.attribute.split('.')[0]);
    }
  });

  it('rejects a bad prior naming the field, and attribute keys it cannot produce', async () => {
    const engine = offlineGenerator({ renderImages: false });
    await expect(
      collect(generateUsers({ count: 1, seed: 1, engine, prior: { name: 'x', sex: { male: -1 } } })),
    ).rejects.toThrow(/sex\.male/);
    const foreign = AttributeSet.parse({
      name: 'synthpai',
      attributes: [{ key: 'age', label: 'age', kind: 'number' }],
    });
    await expect(
      collect(generateUsers({ count: 1, seed: 1, engine, attributeSet: foreign })),
    ).rejects.toThrow(/cannot produce: age/);
  });
});
