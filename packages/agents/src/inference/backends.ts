import { readFile } from 'node:fs/promises';
import type { AttributeGuess, AttributeSet, Candidate, Evidence, Post } from '@privlens/datasets';
import type { Model } from '@privlens/models';
import { PerceptionAnswer, ReasoningAnswer, perceptionMessages, reasoningMessages } from './prompts.ts';
import type { GraphPost, InferenceFailure, UsageTotals } from './state.ts';
import { invokeStructured } from './structured-call.ts';
import type { InferenceTarget } from './targets.ts';

/** What the graph needs from the offline engine of `@privlens/models` (perception + rules). */
export interface OfflinePerception {
  perceive(post: Post): Evidence[] | Promise<Evidence[]>;
}
export type OfflineReasoner = (
  attributeSet: AttributeSet,
  evidence: Evidence[],
) => AttributeGuess[] | Promise<AttributeGuess[]>;

export interface StepResult<T> {
  value: T;
  failure?: Omit<InferenceFailure, 'stage'>;
  usage?: UsageTotals;
}

/** One way of running the perception and reasoning steps: a chat model, or the embedded engine. */
export interface InferenceBackend {
  readonly label: string;
  perceive(post: GraphPost, signal?: AbortSignal): Promise<StepResult<Evidence[]>>;
  reason(
    target: InferenceTarget,
    evidence: Evidence[],
    signal?: AbortSignal,
  ): Promise<StepResult<Candidate[]>>;
}

async function imageBase64(post: GraphPost): Promise<{ mimeType: string; base64: string } | undefined> {
  const image = post.image;
  if (!image) return undefined;
  if (image.base64) return { mimeType: image.mimeType, base64: image.base64 };
  if (image.path)
    return { mimeType: image.mimeType, base64: (await readFile(image.path)).toString('base64') };
  return undefined;
}

/** Locates a quoted passage in the post text, case-insensitively, so evidence carries a real span. */
export function locateQuote(text: string, quote: string | null): { start: number; end: number } | undefined {
  if (!quote) return undefined;
  const needle = quote.trim();
  if (!needle) return undefined;
  const at = text.toLowerCase().indexOf(needle.toLowerCase());
  return at < 0 ? undefined : { start: at, end: at + needle.length };
}

export function modelBackend(
  model: Model,
  attributeSet: AttributeSet,
  options: { maxAttempts?: number } = {},
): InferenceBackend {
  const maxAttempts = options.maxAttempts ?? 3;
  const parentLabel = (t: InferenceTarget) =>
    t.part ? attributeSet.attributes.find((a) => a.key === t.attribute)?.label : undefined;
  return {
    label: model.label,
    async perceive(post, signal) {
      const image = await imageBase64(post);
      const outcome = await invokeStructured(
        model,
        {
          messages: perceptionMessages(post, attributeSet, image),
          schema: PerceptionAnswer,
          schemaName: 'perception',
        },
        { maxAttempts, signal },
      );
      if (!outcome.ok)
        return {
          value: [],
          usage: outcome.usage,
          failure: { postId: post.id, attempts: outcome.attempts, error: outcome.error },
        };
      const evidence = outcome.value.observations.map((o, i): Evidence => {
        const span =
          o.source === 'text' || o.source === 'caption' ? locateQuote(post.text, o.quote) : undefined;
        return {
          id: `${post.id}#${i + 1}`,
          postId: post.id,
          source: o.source,
          kind: o.kind,
          value: o.value,
          confidence: o.confidence,
          ...(span ? { span } : {}),
          ...(o.region && image ? { region: o.region } : {}),
          ...(o.attributes.length ? { attributes: o.attributes } : {}),
        };
      });
      return { value: evidence, usage: outcome.usage };
    },
    async reason(target, evidence, signal) {
      const outcome = await invokeStructured(
        model,
        {
          messages: reasoningMessages(target, evidence, parentLabel(target)),
          schema: ReasoningAnswer,
          schemaName: 'reasoning',
        },
        { maxAttempts, signal },
      );
      if (!outcome.ok)
        return {
          value: [],
          usage: outcome.usage,
          failure: { target: target.key, attempts: outcome.attempts, error: outcome.error },
        };
      const known = new Set(evidence.map((e) => e.id));
      // A citation of an id that was never extracted is not evidence: keep the candidate, drop the id.
      const candidates = outcome.value.candidates.map((c) => ({
        ...c,
        evidenceIds: c.evidenceIds.filter((id) => known.has(id)),
      }));
      return { value: candidates, usage: outcome.usage };
    },
  };
}

export function offlineBackend(
  engine: OfflinePerception,
  reasoner: OfflineReasoner,
  attributeSet: AttributeSet,
  label = 'offline-baseline',
): InferenceBackend {
  return {
    label,
    async perceive(post) {
      const image = post.image
        ? {
            mimeType: post.image.mimeType,
            ...(post.image.path ? { path: post.image.path } : {}),
            ...(post.image.base64 ? { bytes: new Uint8Array(Buffer.from(post.image.base64, 'base64')) } : {}),
            ...(post.image.caption ? { caption: post.image.caption } : {}),
          }
        : undefined;
      return { value: await engine.perceive({ id: post.id, text: post.text, ...(image ? { image } : {}) }) };
    },
    async reason(target, evidence) {
      const definition = attributeSet.attributes.find((a) => a.key === target.attribute);
      if (!definition) return { value: [] };
      const guesses = await reasoner({ ...attributeSet, attributes: [definition] }, evidence);
      const guess = guesses.find((g) => g.attribute === target.key);
      return { value: guess && !guess.abstained ? guess.candidates : [] };
    },
  };
}
