import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { mimeTypeFromPath } from '../image-types.ts';
import { z } from 'zod';
import { DatasetError, type LoadMode, type LoadResult, RecordCollector } from '../errors.ts';
import type { Profile } from '../schemas/attributes.ts';
import { type ImageRef, type Post, SocialUser } from '../schemas/social.ts';
import { isPlainObject, readJsonFile } from './json-file.ts';

/** One value of PRISM `posts.json`. */
export const PrismPostsRecord = z.object({
  posts: z.record(z.string(), z.string()),
  topics: z.record(z.string(), z.array(z.string())).optional(),
  /** Aligned with `posts` by position; `"none"` is a post without an image. */
  img_urls: z.array(z.string()).default([]),
});
export type PrismPostsRecord = z.infer<typeof PrismPostsRecord>;

const measure = (unit: string) => {
  const withUnit = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${unit}?$`, 'i');
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    if (typeof v === 'number') return v;
    const m = v.trim().match(withUnit);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `expected a number of ${unit}, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return Number(m[1]);
  });
};

/** One value of PRISM `target.json` (the ground truth), in the dataset's own field names. */
export const PrismTargetRecord = z.object({
  age: z.number().int(),
  education: z.string(),
  sex: z.string(),
  occupation: z.string(),
  income: z.string(),
  'relationship state': z.string(),
  location: z.object({ 'place of birth': z.string(), 'travel history': z.array(z.string()) }),
  appearance: z.object({
    height: measure('cm'),
    weight: measure('kg'),
    'hair color': z.string(),
    'eye color': z.string(),
  }),
  'shopping habits': z.string(),
  hobbies: z.array(z.string()),
  'health status': z.string(),
  'religious belief': z.string(),
});
export type PrismTargetRecord = z.infer<typeof PrismTargetRecord>;

/** target.json's field names → PRISM attribute codes, as a profile keyed by code. */
export function prismProfile(t: PrismTargetRecord): Profile {
  return {
    AGE: t.age,
    EDU: t.education,
    SEX: t.sex,
    OCC: t.occupation,
    INC: t.income,
    REL: t['relationship state'],
    LOC: { birthplace: t.location['place of birth'], travel: t.location['travel history'] },
    APP: {
      height: t.appearance.height,
      weight: t.appearance.weight,
      hair: t.appearance['hair color'],
      eyes: t.appearance['eye color'],
    },
    SHP: t['shopping habits'],
    HOB: t.hobbies,
    HEA: t['health status'],
    REG: t['religious belief'],
  };
}

export interface LoadPrismOptions {
  postsFile: string;
  targetFile: string;
  /**
   * Where the images are: either the folder holding `images/` (the dataset root) or the images folder
   * itself. Defaults to the folder of `postsFile`.
   */
  imagesDir?: string;
  mode?: LoadMode;
}

function resolveImage(ref: string, base: string): string | undefined {
  if (isAbsolute(ref)) return existsSync(ref) ? ref : undefined;
  for (const candidate of [join(base, ref), join(base, basename(ref))]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Loads PRISM's `posts.json` + `target.json` into SocialUsers with a PRISM-coded profile. A referenced
 * image that is not on disk is reported in `warnings` and the post is kept text-only (`image.missing`).
 */
export function loadPrism(options: LoadPrismOptions): LoadResult<SocialUser> {
  const { postsFile, targetFile, mode = 'strict' } = options;
  const imagesBase = options.imagesDir ?? dirname(postsFile);
  const posts = readJsonFile(postsFile);
  const targets = readJsonFile(targetFile);
  if (!isPlainObject(posts))
    throw new DatasetError({ file: postsFile, message: 'expected an object keyed by user id' });
  if (!isPlainObject(targets))
    throw new DatasetError({ file: targetFile, message: 'expected an object keyed by user id' });

  const out = new RecordCollector<SocialUser>(postsFile, mode);
  const targetErrors = new RecordCollector<never>(targetFile, mode);
  for (const [userId, rawPosts] of Object.entries(posts)) {
    const record = out.accept(PrismPostsRecord, rawPosts, userId);
    if (!record) continue;
    if (!(userId in targets)) {
      targetErrors.fail(
        new DatasetError({ file: targetFile, row: userId, message: 'user has no ground truth' }),
      );
      continue;
    }
    const target = targetErrors.accept(PrismTargetRecord, targets[userId], userId);
    if (!target) continue;

    const userPosts: Post[] = Object.entries(record.posts).map(([postKey, text], i) => {
      const post: Post = { id: `${userId}/${postKey}`, text };
      const ref = record.img_urls[i];
      if (ref && ref.toLowerCase() !== 'none') {
        const resolved = resolveImage(ref, imagesBase);
        const image: ImageRef = { path: resolved ?? ref, mimeType: mimeTypeFromPath(ref) };
        if (!resolved) {
          image.missing = true;
          out.warn({
            row: userId,
            field: `img_urls.${i}`,
            message: `image ${ref} not found under ${imagesBase}; post kept text-only`,
          });
        }
        post.image = image;
      }
      return post;
    });
    const user = out.accept(
      SocialUser,
      {
        id: userId,
        source: 'prism',
        attributeSet: 'prism',
        posts: userPosts,
        topics: record.topics,
        profile: prismProfile(target),
      },
      userId,
    );
    if (user) out.push(user);
  }
  for (const userId of Object.keys(targets)) {
    if (!(userId in posts))
      out.warn({ file: targetFile, row: userId, message: 'ground truth for a user with no posts' });
  }
  const result = out.result();
  result.errors.push(...targetErrors.errors);
  result.skipped = result.errors.length;
  return result;
}
