import type { AttributeSet, Profile } from '../schemas/attributes.ts';
import type { SocialUser } from '../schemas/social.ts';
import type { GeneratorPrior } from './prior.ts';

/** What generateUsers hands an engine for one user. */
export interface GenerateUserInput {
  index: number;
  id: string;
  /** The user's own seed, derived from the run seed and the index. */
  seed: number;
  prior: GeneratorPrior;
  attributeSet: AttributeSet;
  /** Leak targets the profile covers: PRISM codes, composites split into parts ("LOC.travel", "APP.hair"). */
  targets: string[];
  /** "Now" for birthdays and graduation years, fixed so output does not depend on the clock. */
  referenceYear: number;
  signal?: AbortSignal;
}

/** One way of turning a sampled profile into posts: the offline templates or an LLM workflow. */
export interface GeneratorEngine {
  readonly name: string;
  generateUser(input: GenerateUserInput): Promise<SocialUser>;
}

/**
 * The user an engine hands back: the same source tag for every engine, and ground truth cut down to the
 * attribute set asked for (the sampled profile covers every PRISM attribute).
 */
export function syntheticUser(
  input: GenerateUserInput,
  user: Pick<SocialUser, 'posts' | 'topics' | 'meta'> & { profile: Profile },
): SocialUser {
  const keys = new Set(input.attributeSet.attributes.map((a) => a.key));
  return {
    id: input.id,
    source: 'privlens-synthetic',
    attributeSet: input.attributeSet.name,
    posts: user.posts,
    topics: user.topics,
    profile: Object.fromEntries(Object.entries(user.profile).filter(([k]) => keys.has(k))),
    meta: user.meta,
  };
}

const PARTS: Record<string, string[]> = {
  LOC: ['LOC.birthplace', 'LOC.travel'],
  APP: ['APP.height', 'APP.weight', 'APP.hair', 'APP.eyes'],
};

export function leakTargets(keys: readonly string[]): string[] {
  return keys.flatMap((k) => PARTS[k] ?? [k]);
}
