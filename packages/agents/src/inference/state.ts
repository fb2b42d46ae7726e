import { Evidence } from '@privlens/datasets';
import { AttributeGuess, Candidate } from '@privlens/datasets';
import { ReducedValue, StateSchema } from '@langchain/langgraph';
import { z } from 'zod';

/**
 * A post as the graph carries it. Checkpoints are JSON, so image bytes travel as base64; an image that
 * is only a path is read when perceived, which keeps checkpoints small.
 */
export const GraphPost = z.object({
  id: z.string().min(1),
  text: z.string(),
  image: z
    .object({
      mimeType: z.string().default('image/png'),
      base64: z.string().optional(),
      path: z.string().optional(),
      caption: z.string().optional(),
    })
    .optional(),
});
export type GraphPost = z.infer<typeof GraphPost>;

/** A step that did not produce a usable answer; the run goes on without it. */
export const InferenceFailure = z.object({
  stage: z.enum(['perception', 'reasoning', 'aggregation']),
  postId: z.string().optional(),
  target: z.string().optional(),
  attempts: z.number().int(),
  error: z.string(),
});
export type InferenceFailure = z.infer<typeof InferenceFailure>;

export const UsageTotals = z.object({
  calls: z.number(),
  cachedCalls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: z.number(),
});
export type UsageTotals = z.infer<typeof UsageTotals>;
export const ZERO_USAGE: UsageTotals = {
  calls: 0,
  cachedCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
};

export function addUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    calls: a.calls + b.calls,
    cachedCalls: a.cachedCalls + b.cachedCalls,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

/** The reasoning step's proposal for one target, before profile-level aggregation. */
export const TargetCandidates = z.object({ target: z.string(), candidates: z.array(Candidate) });
export type TargetCandidates = z.infer<typeof TargetCandidates>;

const appendList = <T extends z.ZodType>(item: T) =>
  new ReducedValue(
    z.array(item).default(() => []),
    {
      inputSchema: z.array(item),
      reducer: (current: z.infer<T>[], next: z.infer<T>[]) => [...current, ...next],
    },
  );

export const InferenceState = new StateSchema({
  userId: z.string(),
  posts: z.array(GraphPost),
  evidence: appendList(Evidence),
  proposals: appendList(TargetCandidates),
  failures: appendList(InferenceFailure),
  usage: new ReducedValue(
    UsageTotals.default(() => ({ ...ZERO_USAGE })),
    {
      inputSchema: UsageTotals,
      reducer: addUsage,
    },
  ),
  guesses: z.array(AttributeGuess).default(() => []),
});
export type InferenceStateValue = typeof InferenceState.State;
export type InferenceStateUpdate = typeof InferenceState.Update;

/** Payload of a perception task (one per post). */
export interface PerceiveTask {
  post: GraphPost;
}
/** Payload of a reasoning task (one per target, over the evidence of every post). */
export interface ReasonTask {
  target: string;
  evidence: Evidence[];
}
