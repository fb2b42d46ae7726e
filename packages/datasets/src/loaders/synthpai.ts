import { z } from 'zod';
import { DatasetError, type LoadMode, type LoadResult, RecordCollector } from '../errors.ts';
import type { Profile } from '../schemas/attributes.ts';
import { isPlainObject, readJsonFile } from './json-file.ts';

/** A "Beyond Memorization" / SynthPAI personality, in the dataset's field names. */
export const SynthPaiPersonality = z.looseObject({
  age: z.number().int(),
  sex: z.string(),
  city_country: z.string(),
  birth_city_country: z.string(),
  education: z.string(),
  occupation: z.string(),
  /** The free-text income ("250 thousand swiss francs"); `income_level` is what is scored. */
  income: z.string().optional(),
  income_level: z.string(),
  relationship_status: z.string(),
});
export type SynthPaiPersonality = z.infer<typeof SynthPaiPersonality>;

/** The personality as a profile keyed by the SynthPAI attribute set (`income` is kept in meta, not scored). */
export function synthPaiProfile(p: SynthPaiPersonality): Profile {
  return {
    age: p.age,
    sex: p.sex,
    city_country: p.city_country,
    birth_city_country: p.birth_city_country,
    education: p.education,
    occupation: p.occupation,
    income_level: p.income_level,
    relationship_status: p.relationship_status,
  };
}

export interface SynthPaiProfileRecord {
  id: string;
  profile: Profile;
  personality: SynthPaiPersonality;
}

/** SynthPAI `data/profiles/user_bot_profiles_300.json`: `{"pers1": {…}, …}`. */
export function loadSynthPaiProfiles(
  file: string,
  options: { mode?: LoadMode } = {},
): LoadResult<SynthPaiProfileRecord> {
  const raw = readJsonFile(file);
  if (!isPlainObject(raw))
    throw new DatasetError({ file, message: 'expected an object keyed by profile id' });
  const sink = new RecordCollector<SynthPaiProfileRecord>(file, options.mode);
  for (const [id, value] of Object.entries(raw)) {
    const personality = sink.accept(SynthPaiPersonality, value, id);
    if (personality) sink.push({ id, profile: synthPaiProfile(personality), personality });
  }
  return sink.result();
}
