import type { Leak, Post, SocialUser } from '../schemas/social.ts';
import { buildCard, type CardContext, hasCard } from './cards.ts';
import { type GenerateUserInput, type GeneratorEngine, syntheticUser } from './engine.ts';
import { defaultLexicon, type GeneratorLexicon } from './lexicon.ts';
import { renderCard } from './render.ts';
import { createRng, type Rng } from './rng.ts';
import { type GeneratedProfile, type ProfileDetails, sampleProfile } from './sample-profile.ts';
import { capitalize, fillTemplate, ordinal } from './template.ts';

export interface OfflineGeneratorOptions {
  /** Posts per user, inclusive range. Default 6–10. */
  posts?: { min: number; max: number };
  /** Share of posts that leak something; the rest are everyday filler. Default 0.75. */
  leakRate?: number;
  /** Chance that a leak a document could carry is shown in an image instead of the text. Default 0.4. */
  imageRate?: number;
  /** Render PNGs (default) or keep image posts as captions only. */
  renderImages?: boolean;
  lexicon?: GeneratorLexicon;
}

/** A planned post: which attribute value it gives away (or none) and through which medium. */
export interface LifeEvent {
  target: string | null;
  value: string;
  medium: 'text' | 'image';
  topic: string;
}

/** The flat value a leak target refers to, as strings (one per travelled country / hobby). */
export function targetValues(profile: GeneratedProfile, target: string): string[] {
  switch (target) {
    case 'LOC.birthplace':
      return [profile.LOC.birthplace];
    case 'LOC.travel':
      return profile.LOC.travel;
    case 'APP.height':
      return [String(profile.APP.height)];
    case 'APP.weight':
      return [String(profile.APP.weight)];
    case 'APP.hair':
      return [profile.APP.hair];
    case 'APP.eyes':
      return [profile.APP.eyes];
    case 'HOB':
      return profile.HOB;
    case 'AGE':
      return [String(profile.AGE)];
    default: {
      const v = profile[target as keyof GeneratedProfile];
      return typeof v === 'string' ? [v] : [];
    }
  }
}

function planEvents(
  profile: GeneratedProfile,
  targets: readonly string[],
  lexicon: GeneratorLexicon,
  options: Required<Omit<OfflineGeneratorOptions, 'lexicon' | 'renderImages'>>,
  rng: Rng,
): LifeEvent[] {
  const titles = lexicon.posts.topics.titles;
  const candidates = targets.flatMap((target) =>
    targetValues(profile, target).map((value) => ({ target, value })),
  );
  const count = rng.int(options.posts.min, options.posts.max);
  const leaking = Math.min(candidates.length, Math.round(count * options.leakRate));
  const events: LifeEvent[] = rng.sample(candidates, leaking).map(({ target, value }) => ({
    target,
    value,
    medium: hasCard(target, value) && rng.chance(options.imageRate) ? 'image' : 'text',
    topic: (titles[target] ?? capitalize(target)).replace('{hobbyTitle}', capitalize(value)),
  }));
  for (let i = events.length; i < count; i++)
    events.push({ target: null, value: '', medium: 'text', topic: titles.filler ?? 'Everyday Life' });
  return rng.shuffle(events);
}

function cityOf(lexicon: GeneratorLexicon, country: string, rng: Rng) {
  const entry = lexicon.places.countries[country];
  if (!entry) return { city: country, code: country.slice(0, 3).toUpperCase() };
  const [city, code] = rng.pick(entry.cities);
  return { city, code };
}

function baseSlots(
  profile: GeneratedProfile,
  details: ProfileDetails,
  lexicon: GeneratorLexicon,
  referenceYear: number,
  rng: Rng,
): Record<string, string> {
  const birthYear = referenceYear - profile.AGE;
  return {
    age: String(profile.AGE),
    ageOrdinal: ordinal(profile.AGE),
    birthYear: String(birthYear),
    gradYear: String(birthYear + 18),
    first: details.givenName,
    last: details.familyName,
    country: profile.LOC.birthplace,
    birthCity: cityOf(lexicon, profile.LOC.birthplace, rng).city,
    demonym: lexicon.places.countries[profile.LOC.birthplace]?.demonym ?? `from ${profile.LOC.birthplace}`,
    height: String(profile.APP.height),
    weight: String(profile.APP.weight),
    hair: profile.APP.hair,
    eyes: profile.APP.eyes,
    salary: `$${details.incomeUsd.toLocaleString('en-US')}`,
    salaryK: `$${Math.round(details.incomeUsd / 1000)}k`,
    years: String(Math.max(1, rng.int(1, Math.max(1, profile.AGE - 22)))),
  };
}

function composeTextPost(
  event: LifeEvent,
  slots: Record<string, string>,
  lexicon: GeneratorLexicon,
  rng: Rng,
): { text: string; cues: string[] } {
  const { posts } = lexicon;
  let sentence: string;
  if (event.target) {
    const pools = posts.attributes[event.target] ?? {};
    const pool = [...(pools[event.value] ?? []), ...(pools['*'] ?? [])];
    sentence = pool.length > 0 ? rng.pick(pool) : rng.pick(posts.fillers);
  } else sentence = rng.pick(posts.fillers);
  const eventSlots = { ...slots };
  if (event.target === 'LOC.travel') {
    eventSlots.country = event.value;
    eventSlots.city = cityOf(lexicon, event.value, rng).city;
  }
  if (event.target === 'HOB') eventSlots.hobby = event.value;
  const main = fillTemplate(sentence, eventSlots, posts.synonyms, rng);
  const extra =
    event.target && rng.chance(0.3)
      ? ` ${fillTemplate(rng.pick(posts.fillers), eventSlots, posts.synonyms, rng).text}`
      : '';
  const opener = fillTemplate(rng.pick(posts.openers), eventSlots, posts.synonyms, rng).text;
  const closer = fillTemplate(rng.pick(posts.closers), eventSlots, posts.synonyms, rng).text;
  return { text: `${opener}${main.text}${extra}${closer}`, cues: event.target ? main.cues : [] };
}

function topicsFor(
  events: readonly LifeEvent[],
  lexicon: GeneratorLexicon,
  rng: Rng,
): Record<string, string[]> {
  const topics: Record<string, string[]> = {};
  for (const { topic } of events) {
    if (topics[topic]) continue;
    const word = topic.toLowerCase();
    topics[topic] = rng
      .sample(lexicon.posts.topics.subtopics, 3)
      .map((s) => s.replace('{topic}', word).replace('{Topic}', capitalize(word)));
  }
  return topics;
}

/**
 * The engine that needs no model: template/lexicon posts with varied phrasing and rendered document images
 * (boarding passes, badges, diplomas, receipts, bulletins) whose printed text carries the cue.
 */
export function offlineGenerator(options: OfflineGeneratorOptions = {}): GeneratorEngine {
  const lexicon = options.lexicon ?? defaultLexicon();
  const plan = {
    posts: options.posts ?? { min: 6, max: 10 },
    leakRate: options.leakRate ?? 0.75,
    imageRate: options.imageRate ?? 0.4,
  };
  if (plan.posts.min < 1 || plan.posts.min > plan.posts.max)
    throw new RangeError(
      `offlineGenerator: posts must satisfy 1 <= min <= max, got ${JSON.stringify(plan.posts)}`,
    );
  const renderImages = options.renderImages ?? true;

  return {
    name: 'offline',
    async generateUser(input: GenerateUserInput): Promise<SocialUser> {
      const root = createRng(input.seed);
      const { profile, details } = sampleProfile(
        input.prior,
        input.attributeSet,
        lexicon.names,
        root.fork('profile'),
      );
      const events = planEvents(profile, input.targets, lexicon, plan, root.fork('events'));
      const topics = topicsFor(events, lexicon, root.fork('topics'));
      const rng = root.fork('posts');
      const slots = baseSlots(profile, details, lexicon, input.referenceYear, rng);
      const cardContext: CardContext = {
        profile,
        details,
        referenceYear: input.referenceYear,
        targets: new Set(input.targets),
        city: (country) => cityOf(lexicon, country, rng),
        rng,
      };

      const posts: Post[] = [];
      const imageText: Record<string, string[]> = {};
      for (const [i, event] of events.entries()) {
        input.signal?.throwIfAborted();
        const id = `${input.id}-post-${i + 1}`;
        const month = String(1 + Math.floor((i * 12) / events.length)).padStart(2, '0');
        const createdAt = `${input.referenceYear}-${month}-${String(rng.int(1, 28)).padStart(2, '0')}`;
        const card =
          event.medium === 'image' && event.target
            ? buildCard(event.target, event.value, cardContext)
            : undefined;
        if (card) {
          const text = rng.pick(lexicon.posts.imagePosts[card.kind] ?? ['📷']);
          const leaks: Leak[] = card.leaks.map((l) => ({ ...l, via: 'image' }));
          let bytes: Uint8Array | undefined;
          if (renderImages) {
            const rendered = await renderCard(card, rng);
            bytes = rendered.png;
            imageText[id] = rendered.text;
          } else imageText[id] = [card.title, ...card.lines];
          posts.push({
            id,
            text,
            image: { bytes, mimeType: 'image/png', caption: card.caption },
            topics: [event.topic],
            createdAt,
            leaks,
          });
          continue;
        }
        const { text, cues } = composeTextPost(event, slots, lexicon, rng);
        const leaks: Leak[] = event.target
          ? cues.map((cue) => ({ attribute: event.target!, via: 'text', cue }))
          : [];
        posts.push({ id, text, topics: [event.topic], createdAt, leaks });
      }

      return syntheticUser(input, {
        posts,
        topics,
        profile,
        meta: {
          engine: 'offline',
          seed: input.seed,
          name: `${details.givenName} ${details.familyName}`,
          incomeUsd: details.incomeUsd,
          events,
          imageText,
        },
      });
    },
  };
}
