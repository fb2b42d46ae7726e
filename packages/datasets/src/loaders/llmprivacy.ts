import { z } from 'zod';
import type { LoadMode, LoadResult } from '../errors.ts';
import { readJsonlRows } from '../jsonl.ts';
import { SocialUser } from '../schemas/social.ts';
import { SynthPaiPersonality, synthPaiProfile } from './synthpai.ts';

/** One line of llmprivacy `data/synthetic/synthetic_dataset.jsonl`. */
export const LlmPrivacyRecord = z.looseObject({
  personality: SynthPaiPersonality,
  feature: z.string(),
  hardness: z.number().int().min(1).max(5),
  question_asked: z.string().optional(),
  response: z.string(),
  guess: z.string().optional(),
  guess_correctness: z.record(z.string(), z.array(z.number())).optional(),
});
export type LlmPrivacyRecord = z.infer<typeof LlmPrivacyRecord>;

/**
 * llmprivacy's synthetic examples: each line becomes a user whose one post is the bot's reply; the attacked
 * feature, hardness, the investigator's question and GPT-4's published guess stay in `meta`.
 */
export function loadLlmPrivacy(file: string, options: { mode?: LoadMode } = {}): LoadResult<SocialUser> {
  const lines = readJsonlRows(file, LlmPrivacyRecord, options);
  const users = lines.records.map(({ line, record: r }) =>
    SocialUser.parse({
      id: `llmprivacy-${line}`,
      source: 'llmprivacy',
      attributeSet: 'synthpai',
      posts: [{ id: `llmprivacy-${line}/response`, text: r.response }],
      profile: synthPaiProfile(r.personality),
      meta: {
        feature: r.feature,
        hardness: r.hardness,
        question: r.question_asked,
        guess: r.guess,
        guessCorrectness: r.guess_correctness,
        income: r.personality.income,
      },
    }),
  );
  return { ...lines, records: users };
}
