import { z } from 'zod';
import { Profile } from './attributes.ts';

/** An image attached to a post: a file path, embedded bytes, or both. */
export const ImageRef = z.object({
  path: z.string().optional(),
  /** Any Uint8Array (a Node Buffer too); typed without pinning the backing buffer kind. */
  bytes: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected image bytes (Uint8Array)' })
    .optional(),
  mimeType: z.string().default('image/png'),
  /** What the image shows, as a generator caption or alt text (never given to the attacker by default). */
  caption: z.string().optional(),
  /** Set by loaders when the referenced file does not exist; the post is then treated as text-only. */
  missing: z.boolean().optional(),
});
export type ImageRef = z.infer<typeof ImageRef>;

/** Which attribute a post leaks and through what: ground truth written by the generator. */
export const Leak = z.object({
  attribute: z.string(),
  via: z.enum(['text', 'image']),
  cue: z.string(),
});
export type Leak = z.infer<typeof Leak>;

export const Post = z.object({
  id: z.string().min(1),
  text: z.string(),
  image: ImageRef.optional(),
  topics: z.array(z.string()).optional(),
  createdAt: z.string().optional(),
  leaks: z.array(Leak).optional(),
});
export type Post = z.infer<typeof Post>;

export const SocialUser = z.object({
  id: z.string().min(1),
  /** Dataset the user came from ("prism", "llmprivacy", "synthpai", "privlens-synthetic", …). */
  source: z.string().default('privlens'),
  /** Attribute set the profile's keys belong to ("prism" or "synthpai"). */
  attributeSet: z.string().default('prism'),
  posts: z.array(Post),
  topics: z.record(z.string(), z.array(z.string())).optional(),
  profile: Profile.optional(),
  /** Dataset-specific extras kept for the record (e.g. llmprivacy hardness, the attacked feature). */
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type SocialUser = z.infer<typeof SocialUser>;
