import type { AttributeSet } from '../schemas/attributes.ts';
import { PRISM_ATTRIBUTE_KEYS } from '../schemas/attributes.ts';
import type { SocialUser } from '../schemas/social.ts';
import { PRISM_ATTRIBUTES } from '../taxonomy.ts';
import { type GeneratorEngine, leakTargets } from './engine.ts';
import { defaultGeneratorPrior, type GeneratorPrior, parseGeneratorPrior } from './prior.ts';
import { createRng } from './rng.ts';

export interface GenerateUsersOptions {
  count: number;
  seed: number | string;
  /** A prior object (validated; errors name the field). Default: data/priors/default.json. */
  prior?: GeneratorPrior | unknown;
  engine: GeneratorEngine;
  /** Which attributes the ground truth covers and posts may leak. Default: PRISM's twelve. */
  attributeSet?: AttributeSet;
  referenceYear?: number;
  idPrefix?: string;
  signal?: AbortSignal;
}

/**
 * PRISM's workflow: sample a profile from the prior, then events → topics → posts → captions → images, one
 * user at a time. The same seed gives the same users; user i depends only on the seed and i.
 */
export async function* generateUsers(options: GenerateUsersOptions): AsyncGenerator<SocialUser> {
  const { count, engine } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`generateUsers: count must be an integer >= 0, got ${count}`);
  const attributeSet = options.attributeSet ?? PRISM_ATTRIBUTES;
  const known = new Set<string>(PRISM_ATTRIBUTE_KEYS);
  const unknown = attributeSet.attributes.map((a) => a.key).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new Error(
      `generateUsers: attribute set "${attributeSet.name}" has keys the generator cannot produce: ${unknown.join(', ')} (PRISM codes only)`,
    );
  const prior =
    options.prior === undefined && options.attributeSet === undefined
      ? defaultGeneratorPrior()
      : parseGeneratorPrior(options.prior ?? defaultGeneratorPrior(), { attributeSet });
  const targets = leakTargets(attributeSet.attributes.map((a) => a.key));
  const root = createRng(options.seed);
  const prefix = options.idPrefix ?? `synthetic-${options.seed}`;
  for (let index = 0; index < count; index++) {
    options.signal?.throwIfAborted();
    const seed = Math.floor(root.fork(`user-${index}`).next() * 4294967296);
    yield await engine.generateUser({
      index,
      id: `${prefix}-${String(index + 1).padStart(4, '0')}`,
      seed,
      prior,
      attributeSet,
      targets,
      referenceYear: options.referenceYear ?? 2025,
      signal: options.signal,
    });
  }
}
