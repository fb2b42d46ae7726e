import type { AttributeSet, Evidence } from '@privlens/datasets';
import type { ChatMessage, ContentPart } from '@privlens/models';
import { z } from 'zod';
import type { GraphPost } from './state.ts';
import { describeTarget, type InferenceTarget } from './targets.ts';

// Structured-output schemas avoid optional fields: strict json_schema endpoints require every key, so
// "absent" is spelled null.

export const PerceptionAnswer = z.object({
  observations: z.array(
    z.object({
      source: z.enum(['text', 'ocr', 'face', 'object', 'scene', 'caption']),
      kind: z.string().min(1),
      value: z.string().min(1),
      /** The exact words of the post the observation rests on, so a span can be located. */
      quote: z.string().nullable(),
      region: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }).nullable(),
      confidence: z.number().min(0).max(1),
      attributes: z.array(z.string()),
    }),
  ),
});
export type PerceptionAnswer = z.infer<typeof PerceptionAnswer>;

export const ReasoningAnswer = z.object({
  candidates: z
    .array(
      z.object({
        value: z.string().min(1),
        confidence: z.number().min(0).max(1),
        rationale: z.string(),
        evidenceIds: z.array(z.string()),
      }),
    )
    .max(3),
});
export type ReasoningAnswer = z.infer<typeof ReasoningAnswer>;

const PERCEPTION_INSTRUCTIONS = `You are the perception agent of a privacy audit. Extract every observation from this social-media post that could help infer a private attribute of its author: named places, organisations, people, occupations, objects, scene, text visible in the image (OCR), faces (apparent age and sex), and telling keywords.
Report only what is in the post. For each observation give: source (text, ocr, face, object, scene or caption), kind (place, organization, person, occupation, keyword, object, face, scene, text, …), value, quote (the exact words of the post text it rests on, or null), region (pixel box in the image where it was seen, or null), confidence (0..1), and attributes (keys it bears on).`;

/** The perception request for one post: the text, then the image as an image part when there is one. */
export function perceptionMessages(
  post: GraphPost,
  attributeSet: AttributeSet,
  image?: { mimeType: string; base64: string },
): ChatMessage[] {
  const keys = attributeSet.attributes.map((a) => `${a.key} (${a.label})`).join(', ');
  const parts: ContentPart[] = [
    { type: 'text', text: `Attribute keys: ${keys}\n\nPost ${post.id}:\n${post.text || '(no text)'}` },
  ];
  if (image) parts.push({ type: 'image', mimeType: image.mimeType, data: image.base64 });
  return [
    { role: 'system', content: PERCEPTION_INSTRUCTIONS },
    { role: 'user', content: parts },
  ];
}

const REASONING_INSTRUCTIONS = `You are the reasoning agent of a privacy audit. From the observations extracted from one person's posts, infer one private attribute of the author.
Give up to three candidate values, best first, each with a confidence (0..1), a short rationale, and the ids of the observations it rests on (evidenceIds, from the list). If the observations say nothing about the attribute, return no candidates.`;

export function formatEvidence(evidence: Evidence[]): string {
  if (!evidence.length) return '(no observations)';
  return evidence
    .map(
      (e) =>
        `[${e.id}] post ${e.postId} · ${e.source}/${e.kind} · ${e.value} (confidence ${e.confidence.toFixed(2)})`,
    )
    .join('\n');
}

export function reasoningMessages(
  target: InferenceTarget,
  evidence: Evidence[],
  parentLabel?: string,
): ChatMessage[] {
  const description = describeTarget(
    target,
    parentLabel ? { key: target.attribute, label: parentLabel, kind: 'composite' } : undefined,
  );
  return [
    { role: 'system', content: REASONING_INSTRUCTIONS },
    { role: 'user', content: `${description}\n\nObservations:\n${formatEvidence(evidence)}` },
  ];
}
