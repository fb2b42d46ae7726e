import type { AttributeSet, Evidence } from '@privlens/datasets';
import {
  type BaseCheckpointSaver,
  END,
  type LangGraphRunnableConfig,
  type RetryPolicy,
  START,
  Send,
  StateGraph,
} from '@langchain/langgraph';
import { aggregateCandidates, type AggregateOptions } from './aggregate.ts';
import type { InferenceBackend } from './backends.ts';
import {
  InferenceState,
  type InferenceStateUpdate,
  type InferenceStateValue,
  type PerceiveTask,
  type ReasonTask,
} from './state.ts';
import { allowTaskListeners, taskSignal } from './task-signal.ts';
import { inferenceTargets } from './targets.ts';

/** Progress events a node writes to the `custom` stream. */
export type InferenceProgress =
  | { type: 'perceived'; postId: string; evidence: number; failed: boolean }
  | { type: 'reasoned'; target: string; candidates: number; failed: boolean }
  | { type: 'aggregated'; guesses: number; abstained: number };

export interface AttributeInferenceGraphOptions extends AggregateOptions {
  backend: InferenceBackend;
  attributeSet: AttributeSet;
  checkpointer?: BaseCheckpointSaver;
  /** Node retries for thrown (transport) errors; malformed answers are retried inside the node. */
  retryPolicy?: RetryPolicy;
}

// Errors that a retry cannot fix: bugs and bad input, not flaky transports.
const NOT_RETRYABLE = new Set([
  'TypeError',
  'ReferenceError',
  'SyntaxError',
  'RangeError',
  'ZodError',
  'AbortError',
]);

/** Posts perceived, or targets reasoned, at once within one user's graph. */
export const DEFAULT_NODE_CONCURRENCY = 8;

const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialInterval: 250,
  backoffFactor: 2,
  maxInterval: 4000,
  jitter: true,
  logWarning: false,
  retryOn: (error: unknown) =>
    error instanceof Error &&
    !NOT_RETRYABLE.has(error.name) &&
    // @privlens/models marks what a retry cannot fix (missing key, unsupported feature).
    (error as { retryable?: boolean }).retryable !== false,
};

/**
 * PRISM's three-agent architecture as one graph per user: perception fans out per post (Send), a join
 * collects the evidence, reasoning fans out per attribute target (Send) over the evidence of every post,
 * and aggregation turns the proposals into one top-3 guess (or abstention) per target.
 */
export function createAttributeInferenceGraph(options: AttributeInferenceGraphOptions) {
  const { backend, attributeSet } = options;
  const targets = inferenceTargets(attributeSet);
  const byKey = new Map(targets.map((t) => [t.key, t]));
  const retryPolicy = options.retryPolicy ?? DEFAULT_RETRY;

  const perceive = async (
    task: PerceiveTask,
    config: LangGraphRunnableConfig,
  ): Promise<InferenceStateUpdate> => {
    allowTaskListeners(config.signal, config.maxConcurrency ?? DEFAULT_NODE_CONCURRENCY);
    const result = await backend.perceive(task.post, taskSignal(config.signal));
    config.writer?.({
      type: 'perceived',
      postId: task.post.id,
      evidence: result.value.length,
      failed: !!result.failure,
    });
    return {
      evidence: result.value,
      failures: result.failure ? [{ stage: 'perception', ...result.failure }] : [],
      ...(result.usage ? { usage: result.usage } : {}),
    };
  };

  const reason = async (task: ReasonTask, config: LangGraphRunnableConfig): Promise<InferenceStateUpdate> => {
    const target = byKey.get(task.target);
    if (!target) throw new TypeError(`unknown inference target ${task.target}`);
    allowTaskListeners(config.signal, config.maxConcurrency ?? targets.length);
    const result = await backend.reason(target, task.evidence, taskSignal(config.signal));
    config.writer?.({
      type: 'reasoned',
      target: task.target,
      candidates: result.value.length,
      failed: !!result.failure,
    });
    return {
      proposals: [{ target: task.target, candidates: result.value }],
      failures: result.failure ? [{ stage: 'reasoning', ...result.failure }] : [],
      ...(result.usage ? { usage: result.usage } : {}),
    };
  };

  const aggregate = (state: InferenceStateValue, config: LangGraphRunnableConfig): InferenceStateUpdate => {
    const evidenceById = new Map<string, Evidence>(state.evidence.map((e) => [e.id, e]));
    const guesses = targets.map((t) => {
      const proposed = state.proposals.filter((p) => p.target === t.key).flatMap((p) => p.candidates);
      return aggregateCandidates(t.key, t.definition, proposed, evidenceById, options);
    });
    config.writer?.({
      type: 'aggregated',
      guesses: guesses.length,
      abstained: guesses.filter((g) => g.abstained).length,
    });
    return { guesses };
  };

  const toPosts = (state: InferenceStateValue) =>
    state.posts.length
      ? state.posts.map((post) => new Send('perceive', { post } satisfies PerceiveTask))
      : 'collect';
  const toTargets = (state: InferenceStateValue) =>
    targets.map((t) => new Send('reason', { target: t.key, evidence: state.evidence } satisfies ReasonTask));

  return new StateGraph(InferenceState)
    .addNode('perceive', perceive as never, { retryPolicy })
    .addNode('collect', () => ({}))
    .addNode('reason', reason as never, { retryPolicy })
    .addNode('aggregate', aggregate, { retryPolicy })
    .addConditionalEdges(START, toPosts, ['perceive', 'collect'])
    .addEdge('perceive', 'collect')
    .addConditionalEdges('collect', toTargets, ['reason'])
    .addEdge('reason', 'aggregate')
    .addEdge('aggregate', END)
    .compile({ checkpointer: options.checkpointer });
}

export type AttributeInferenceGraph = ReturnType<typeof createAttributeInferenceGraph>;
