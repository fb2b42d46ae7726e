import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Pools = z.record(z.string(), z.array(z.string().min(1)).min(1));

export const PostLexicon = z.object({
  synonyms: z.record(z.string(), z.array(z.string()).min(1)),
  openers: z.array(z.string()).min(1),
  closers: z.array(z.string()).min(1),
  fillers: z.array(z.string().min(1)).min(1),
  /** Leak target ("EDU", "LOC.travel") → value (or "*") → sentence pool. */
  attributes: z.record(z.string(), Pools),
  imagePosts: Pools,
  topics: z.object({ titles: z.record(z.string(), z.string()), subtopics: z.array(z.string()).min(3) }),
});
export type PostLexicon = z.infer<typeof PostLexicon>;

export const PlaceLexicon = z.object({
  countries: z.record(
    z.string(),
    z.object({ demonym: z.string(), cities: z.array(z.tuple([z.string(), z.string()])).min(1) }),
  ),
});
export type PlaceLexicon = z.infer<typeof PlaceLexicon>;

export const NameLexicon = z.object({
  given: z.record(z.string(), z.array(z.string()).min(1)),
  family: z.array(z.string()).min(1),
});

export interface GeneratorLexicon {
  posts: PostLexicon;
  places: PlaceLexicon;
  names: z.infer<typeof NameLexicon>;
}

function read<T>(schema: z.ZodType<T>, name: string): T {
  const file = new URL(`../../data/lexicon/${name}`, import.meta.url);
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid lexicon data/lexicon/${name}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

let cached: GeneratorLexicon | undefined;
/** The template and gazetteer data shipped in data/lexicon. */
export function defaultLexicon(): GeneratorLexicon {
  cached ??= {
    posts: read(PostLexicon, 'posts.json'),
    places: read(PlaceLexicon, 'places.json'),
    names: read(NameLexicon, 'names.json'),
  };
  return cached;
}
