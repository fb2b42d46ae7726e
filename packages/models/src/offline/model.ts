import {
  AttributeGuess,
  type AttributeSet,
  type Evidence,
  PRISM_ATTRIBUTES,
  type Post,
} from '@privlens/datasets';
import { z } from 'zod';
import type { ChatMessage, ChatRequest, ChatResponse, Model, ModelRole, ModelStats } from '../types.ts';
import { type OfflineEngine, sharedOfflineEngine } from './engine.ts';
import { inferFromEvidence } from './infer.ts';

export const OFFLINE_MODEL_ID = 'offline';
export const OFFLINE_MODEL_LABEL = 'offline-baseline';

export interface OfflineModelOptions {
  role?: ModelRole;
  /** Defaults to the process-wide shared engine. */
  engine?: OfflineEngine;
  /** Attribute set answered from; default PRISM (from @privlens/datasets data). */
  attributeSet?: AttributeSet;
}

function partsOf(message: ChatMessage) {
  return typeof message.content === 'string'
    ? [{ type: 'text' as const, text: message.content }]
    : message.content;
}

/** Attributes the prompt names (by key or label); all of them when it names none. */
function askedAttributes(set: AttributeSet, prompt: string): AttributeSet {
  const lower = prompt.toLowerCase();
  const asked = set.attributes.filter((a) => {
    const key = new RegExp(`\\b${a.key.toLowerCase()}\\b`);
    return key.test(lower) || lower.includes(a.label.toLowerCase());
  });
  return asked.length ? { ...set, attributes: asked } : set;
}

/** Shapes an attribute-guess answer may be asked in; the first the schema accepts is returned. */
function shapedAnswers(guesses: AttributeGuess[]): unknown[] {
  return [
    guesses,
    { guesses },
    { attributes: guesses },
    Object.fromEntries(guesses.map((g) => [g.attribute, g])),
    guesses[0],
  ];
}

function describe(evidence: Evidence[], guesses: AttributeGuess[]): string {
  const lines = [
    `[${OFFLINE_MODEL_LABEL}] rule-based offline engine (OCR, face attributes, NER, lexicons); not an LLM.`,
  ];
  const ocr = evidence.filter((e) => e.source === 'ocr' && e.kind === 'text');
  for (const e of ocr) lines.push(`OCR text (${e.postId}, conf ${e.confidence.toFixed(2)}): "${e.value}"`);
  for (const e of evidence.filter((x) => x.kind === 'face')) {
    const d = e.data ?? {};
    lines.push(
      `Face (${e.postId}) at ${JSON.stringify(e.region)}: ${
        d.age !== undefined
          ? `age about ${d.age}, ${d.gender} (${Number(d.genderConfidence).toFixed(2)})`
          : 'too small for age/gender'
      }, ${d.expression}`,
    );
  }
  const byKind = new Map<string, Set<string>>();
  for (const e of evidence)
    if (['place', 'city', 'country', 'organization', 'person', 'date', 'money'].includes(e.kind)) {
      const s = byKind.get(e.kind) ?? new Set<string>();
      s.add(e.value);
      byKind.set(e.kind, s);
    }
  for (const [kind, values] of byKind) lines.push(`Entities ${kind}: ${[...values].join('; ')}`);
  lines.push('Attribute guesses:');
  for (const g of guesses)
    lines.push(
      `- ${g.attribute}: ${
        g.abstained
          ? 'abstain (no evidence)'
          : g.candidates.map((c) => `${c.value} (${c.confidence.toFixed(2)})`).join('; ')
      }`,
    );
  return lines.join('\n');
}

/** The `offline` model: answers chat requests from the embedded engine, at zero tokens and zero cost. */
export function createOfflineModel(options: OfflineModelOptions = {}): Model {
  const stats: ModelStats = {
    calls: 0,
    cacheHits: 0,
    errors: 0,
    retries: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
  };
  const attributeSet = options.attributeSet ?? PRISM_ATTRIBUTES;
  return {
    id: OFFLINE_MODEL_ID,
    label: OFFLINE_MODEL_LABEL,
    ...(options.role ? { role: options.role } : {}),
    stats: () => ({ ...stats }),
    async invoke<T>(
      request: ChatRequest<T>,
      callOptions?: { signal?: AbortSignal },
    ): Promise<ChatResponse<T>> {
      const t0 = performance.now();
      stats.calls++;
      try {
        callOptions?.signal?.throwIfAborted();
        const engine = options.engine ?? sharedOfflineEngine();
        const user = request.messages.filter((m) => m.role === 'user');
        const text = user
          .flatMap((m) => partsOf(m).flatMap((p) => (p.type === 'text' ? [p.text] : [])))
          .join('\n');
        const images = user.flatMap((m) => partsOf(m).flatMap((p) => (p.type === 'image' ? [p] : [])));
        const posts: Post[] = [{ id: 'message', text }];
        images.forEach((img, i) => {
          posts.push({
            id: `image${i + 1}`,
            text: '',
            image: { bytes: Buffer.from(img.data, 'base64'), mimeType: img.mimeType },
          });
        });
        const evidence: Evidence[] = [];
        for (const post of posts) {
          evidence.push(...(await engine.perceive(post)));
          callOptions?.signal?.throwIfAborted();
        }
        const prompt = request.messages
          .flatMap((m) => partsOf(m).flatMap((p) => (p.type === 'text' ? [p.text] : [])))
          .join('\n');
        const guesses = inferFromEvidence(askedAttributes(attributeSet, prompt), evidence);
        const answer = describe(evidence, guesses);
        let parsed: T | undefined;
        if (request.schema)
          for (const shape of shapedAnswers(guesses)) {
            const r = request.schema.safeParse(shape);
            if (r.success) {
              parsed = r.data;
              break;
            }
          }
        return {
          text: parsed === undefined ? answer : JSON.stringify(parsed),
          ...(parsed === undefined ? {} : { parsed }),
          usage: { inputTokens: 0, outputTokens: 0 },
          costUsd: 0,
          cached: false,
          latencyMs: performance.now() - t0,
          modelId: `${OFFLINE_MODEL_ID} (${OFFLINE_MODEL_LABEL})`,
        };
      } catch (err) {
        stats.errors++;
        throw err;
      }
    },
  };
}

/** The attribute-guess list shape, for callers that want to ask the offline model for structured output. */
export const AttributeGuessList = z.object({ guesses: z.array(AttributeGuess) });
