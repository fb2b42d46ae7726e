import { z } from 'zod';

/** Where in an image a piece of evidence was seen (pixels of the original image). */
export const Region = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type Region = z.infer<typeof Region>;

/** One observation the perception step made about a post: the unit the reasoning step cites. */
export const Evidence = z.object({
  id: z.string().min(1),
  postId: z.string().min(1),
  source: z.enum(['text', 'ocr', 'face', 'object', 'scene', 'caption', 'model']),
  /** What was seen: 'place', 'organization', 'person', 'keyword', 'text', 'face', 'object', … */
  kind: z.string().min(1),
  value: z.string(),
  confidence: z.number().min(0).max(1),
  span: z.object({ start: z.number().int(), end: z.number().int() }).optional(),
  region: Region.optional(),
  /** Attributes this observation may bear on, when the extractor knows. */
  attributes: z.array(z.string()).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Candidate = z.object({
  value: z.string().min(1),
  confidence: z.number().min(0).max(1),
  rationale: z.string().optional(),
  evidenceIds: z.array(z.string()).default([]),
});
export type Candidate = z.infer<typeof Candidate>;

/** A profile-level prediction for one attribute: up to three candidates, best first, or an abstention. */
export const AttributeGuess = z.object({
  attribute: z.string().min(1),
  candidates: z.array(Candidate).max(3),
  abstained: z.boolean().default(false),
});
export type AttributeGuess = z.infer<typeof AttributeGuess>;
