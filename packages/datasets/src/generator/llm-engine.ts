import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { z } from 'zod';
import type { Leak, Post, SocialUser } from '../schemas/social.ts';
import { type GenerateUserInput, type GeneratorEngine, syntheticUser } from './engine.ts';
import { defaultLexicon } from './lexicon.ts';
import { createRng } from './rng.ts';
import { type GeneratedProfile, type ProfileDetails, sampleProfile } from './sample-profile.ts';

// Nullable rather than optional fields: strict JSON-schema structured output (OpenAI) requires every key.
const ClaimedLeak = z.object({
  attribute: z.string().describe('the attribute code this text gives away, e.g. "AGE", "LOC.travel", "HEA"'),
  cue: z.string().describe('the exact words, copied verbatim from the text, that give it away'),
});
export const LlmEvents = z.object({
  events: z
    .array(z.object({ description: z.string(), attributes: z.array(z.string()) }))
    .min(1)
    .describe('life events of this person over the past year'),
});
export const LlmTopics = z.object({
  topics: z.array(z.object({ title: z.string(), subtopics: z.array(z.string()) })).min(1),
});
export const LlmPosts = z.object({
  posts: z
    .array(
      z.object({
        text: z.string(),
        topics: z.array(z.string()),
        leaks: z.array(ClaimedLeak),
        imageIdea: z.string().nullable().describe('what a photo attached to the post would show, or null'),
      }),
    )
    .min(1),
});
export const LlmCaptions = z.object({
  captions: z.array(z.object({ post: z.number().int(), caption: z.string(), leaks: z.array(ClaimedLeak) })),
});

const State = Annotation.Root({
  input: Annotation<GenerateUserInput>,
  profile: Annotation<GeneratedProfile>,
  details: Annotation<ProfileDetails>,
  events: Annotation<z.infer<typeof LlmEvents>['events']>,
  topics: Annotation<z.infer<typeof LlmTopics>['topics']>,
  posts: Annotation<z.infer<typeof LlmPosts>['posts']>,
  captions: Annotation<z.infer<typeof LlmCaptions>['captions']>,
});
type StateValue = typeof State.State;

const SYSTEM =
  'You write synthetic social-media users for a privacy benchmark. Everything is fictional. Answer only with the requested structure.';

export interface LlmGeneratorOptions {
  /** Posts asked for per user. Default 6. */
  posts?: number;
}

/**
 * The model-driven engine: a LangGraph workflow profile → events → topics → posts → captions, each model step
 * through `withStructuredOutput` and re-validated with zod. The profile still comes from the prior (so the
 * ground truth is plausible and seeded); images stay captions (no image model). A leak the model claims is
 * kept only if its cue really occurs in the post text (via 'text') or the caption (via 'image').
 */
export function llmGenerator(chatModel: BaseChatModel, options: LlmGeneratorOptions = {}): GeneratorEngine {
  const postCount = options.posts ?? 6;
  const ask = async <T extends z.ZodType>(schema: T, name: string, prompt: string, signal?: AbortSignal) => {
    const runnable = chatModel.withStructuredOutput(schema, { name });
    const raw = await runnable.invoke([new SystemMessage(SYSTEM), new HumanMessage(prompt)], { signal });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `llmGenerator: the model's ${name} answer is invalid at ${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    return parsed.data as z.infer<T>;
  };

  const graph = new StateGraph(State)
    .addNode('write_profile', (state: StateValue) => {
      const { input } = state;
      const rng = createRng(input.seed).fork('profile');
      return sampleProfile(input.prior, input.attributeSet, defaultLexicon().names, rng);
    })
    .addNode('write_events', async (state: StateValue) => {
      const { events } = await ask(
        LlmEvents,
        'life_events',
        `Profile (attribute codes → values): ${JSON.stringify(state.profile)}\nName: ${state.details.givenName} ${state.details.familyName}\n` +
          `List 5–8 concrete life events of this person in the past year. Tag each with the attribute codes it reveals (from: ${state.input.targets.join(', ')}); some events reveal nothing.`,
        state.input.signal,
      );
      return { events };
    })
    .addNode('write_topics', async (state: StateValue) => {
      const { topics } = await ask(
        LlmTopics,
        'topics',
        `Life events: ${JSON.stringify(state.events)}\nPropose 3–6 topics this person posts about, each with 3 sub-topic titles.`,
        state.input.signal,
      );
      return { topics };
    })
    .addNode('write_posts', async (state: StateValue) => {
      const { posts } = await ask(
        LlmPosts,
        'posts',
        `Profile: ${JSON.stringify(state.profile)}\nLife events: ${JSON.stringify(state.events)}\nTopics: ${JSON.stringify(state.topics)}\n` +
          `Write ${postCount} short, casual posts by this person. Vary the phrasing; reveal attributes indirectly more often than directly; some posts reveal nothing. ` +
          'For each post list the leaks with the exact cue words, and an image idea for about half of them (null otherwise).',
        state.input.signal,
      );
      return { posts };
    })
    .addNode('write_captions', async (state: StateValue) => {
      const withImages = state.posts
        .map((p, i) => ({ post: i, text: p.text, imageIdea: p.imageIdea }))
        .filter((p) => p.imageIdea);
      if (withImages.length === 0) return { captions: [] };
      const { captions } = await ask(
        LlmCaptions,
        'captions',
        `Posts with image ideas: ${JSON.stringify(withImages)}\nWrite a one-sentence photo caption for each (post = its index). Any text visible in the photo goes in quotes. List the attributes the photo reveals with the exact cue words from the caption.`,
        state.input.signal,
      );
      return { captions };
    })
    .addEdge(START, 'write_profile')
    .addEdge('write_profile', 'write_events')
    .addEdge('write_events', 'write_topics')
    .addEdge('write_topics', 'write_posts')
    .addEdge('write_posts', 'write_captions')
    .addEdge('write_captions', END)
    .compile();

  return {
    name: 'llm',
    async generateUser(input: GenerateUserInput): Promise<SocialUser> {
      const state = await graph.invoke({ input }, { signal: input.signal });
      const allowed = new Set([...input.targets, ...input.attributeSet.attributes.map((a) => a.key)]);
      let dropped = 0;
      const verified = (claims: z.infer<typeof ClaimedLeak>[], where: string, via: Leak['via']): Leak[] =>
        claims.flatMap((c) => {
          if (allowed.has(c.attribute) && c.cue.trim() && where.includes(c.cue))
            return [{ attribute: c.attribute, via, cue: c.cue }];
          dropped++;
          return [];
        });
      const posts: Post[] = state.posts.map((p, i) => {
        const caption = state.captions.find((c) => c.post === i);
        const leaks = verified(p.leaks, p.text, 'text');
        const post: Post = { id: `${input.id}-post-${i + 1}`, text: p.text, topics: p.topics, leaks };
        if (caption) {
          post.image = { mimeType: 'image/png', caption: caption.caption };
          leaks.push(...verified(caption.leaks, caption.caption, 'image'));
        }
        return post;
      });
      return syntheticUser(input, {
        posts,
        topics: Object.fromEntries(state.topics.map((t) => [t.title, t.subtopics])),
        profile: state.profile,
        meta: {
          engine: 'llm',
          seed: input.seed,
          name: `${state.details.givenName} ${state.details.familyName}`,
          incomeUsd: state.details.incomeUsd,
          events: state.events,
          unverifiedLeaks: dropped,
        },
      });
    },
  };
}
