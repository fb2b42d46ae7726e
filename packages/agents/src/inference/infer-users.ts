import type { AttributeGuess, AttributeSet, Evidence, SocialUser } from '@privlens/datasets';
import { PRISM_ATTRIBUTES, SYNTHPAI_ATTRIBUTES } from '@privlens/datasets';
import type { BaseCheckpointSaver, RetryPolicy } from '@langchain/langgraph';
import type { Model } from '@privlens/models';
import { closeCheckpointer, openCheckpointer, userThreadId } from '../checkpoint.ts';
import {
  type InferenceBackend,
  modelBackend,
  type OfflinePerception,
  type OfflineReasoner,
  offlineBackend,
} from './backends.ts';
import {
  type AttributeInferenceGraph,
  createAttributeInferenceGraph,
  DEFAULT_NODE_CONCURRENCY,
  type InferenceProgress,
} from './graph.ts';
import { graphConcurrency, taskSignal } from './task-signal.ts';
import {
  addUsage,
  type GraphPost,
  type InferenceFailure,
  type InferenceStateValue,
  type UsageTotals,
  ZERO_USAGE,
} from './state.ts';

export interface OfflineEngineParts {
  engine: OfflinePerception;
  reasoner: OfflineReasoner;
}

export interface InferenceOptions {
  /** A model for every node, or `'offline'` (the default) for the embedded engine. */
  model?: Model | 'offline';
  /** The embedded engine to use when `model` is offline; one is created (and closed) when absent. */
  offline?: OfflineEngineParts;
  /** Overrides `model` entirely (custom backends, tests). */
  backend?: InferenceBackend;
  /** Defaults to the set named by each user's `attributeSet` (PRISM or SynthPAI). */
  attributeSet?: AttributeSet;
  /** Attempts per structured answer before the post/attribute is recorded as failed. */
  maxAttempts?: number;
  minConfidence?: number;
  retryPolicy?: RetryPolicy;
  /** Drop images (PRISM's text-only setting). */
  textOnly?: boolean;
  /** Posts perceived, or targets reasoned, at once for one user (at least 2, see graphConcurrency). Default 8. */
  nodeConcurrency?: number;
  signal?: AbortSignal;
  onEvent?: (event: InferenceEvent) => void;
}

export interface InferUsersOptions extends InferenceOptions {
  runId: string;
  /** A checkpointer, a SQLite file for one, or the default file beside the store. */
  checkpointer?: BaseCheckpointSaver | string;
  concurrency?: number;
  onResult?: (result: UserInference) => void;
}

export type InferenceEvent =
  | { type: 'user-start'; userId: string; resuming: boolean }
  | { type: 'node'; userId: string; node: string }
  | ({ userId: string } & InferenceProgress)
  | { type: 'user-done'; userId: string; fromCheckpoint: boolean }
  | { type: 'user-failed'; userId: string; error: string };

export interface UserInference {
  userId: string;
  status: 'done' | 'failed';
  guesses: AttributeGuess[];
  evidence: Evidence[];
  failures: InferenceFailure[];
  usage: UsageTotals;
  /** True when the user was already finished in an earlier run of the same runId: nothing was called. */
  fromCheckpoint: boolean;
  error?: string;
}

export interface InferUsersResult {
  runId: string;
  results: UserInference[];
  usage: UsageTotals;
  costUsd: number;
  failedUsers: number;
}

export function attributeSetFor(user: SocialUser): AttributeSet {
  return user.attributeSet === 'synthpai' ? SYNTHPAI_ATTRIBUTES : PRISM_ATTRIBUTES;
}

export function graphPosts(user: SocialUser, textOnly = false): GraphPost[] {
  return user.posts.map((post) => {
    const image = post.image;
    if (textOnly || !image || image.missing || (!image.bytes && !image.path))
      return { id: post.id, text: post.text };
    return {
      id: post.id,
      text: post.text,
      image: {
        mimeType: image.mimeType,
        ...(image.bytes ? { base64: Buffer.from(image.bytes).toString('base64') } : {}),
        ...(image.path && !image.bytes ? { path: image.path } : {}),
      },
    };
  });
}

/** What a backend is built from, when the caller owns it: graphs over it can outlive one call. */
function backendSource(options: InferenceOptions): object | undefined {
  if (options.backend) return options.backend;
  const model = options.model ?? 'offline';
  if (model !== 'offline' && model.id !== 'offline') return model;
  return options.offline?.engine;
}

/** Resolves the backend once per call of the public functions; `close` ends an engine it created. */
async function resolveBackend(
  options: InferenceOptions,
  attributeSet: AttributeSet,
): Promise<{ backend: InferenceBackend; close: () => Promise<void> }> {
  if (options.backend) return { backend: options.backend, close: async () => {} };
  const model = options.model ?? 'offline';
  if (model !== 'offline' && model.id !== 'offline')
    return {
      backend: modelBackend(model, attributeSet, { maxAttempts: options.maxAttempts }),
      close: async () => {},
    };
  if (options.offline)
    return {
      backend: offlineBackend(options.offline.engine, options.offline.reasoner, attributeSet),
      close: async () => {},
    };
  const { createOfflineEngine, inferFromEvidence } = await import('@privlens/models');
  const engine = createOfflineEngine(options.textOnly ? { images: false } : {});
  return {
    backend: offlineBackend(engine, inferFromEvidence, attributeSet),
    close: async () => {
      await engine.close();
    },
  };
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function objectId(value: object | undefined): number {
  if (value === undefined) return 0;
  const known = objectIds.get(value);
  if (known !== undefined) return known;
  const id = nextObjectId++;
  objectIds.set(value, id);
  return id;
}

/**
 * Compiled graphs by the caller-owned object their backend is built from, then by everything else the graph
 * is compiled with: a server scanning post after post with one engine or model compiles each graph once.
 * Weakly held, so a model or engine the caller drops takes its graphs with it.
 */
const compiledGraphs = new WeakMap<object, Map<string, Promise<AttributeInferenceGraph>>>();

function graphKey(options: InferenceOptions, attributeSet: AttributeSet, checkpointer?: BaseCheckpointSaver) {
  return [
    objectId(attributeSet),
    objectId(checkpointer),
    objectId(options.retryPolicy),
    objectId(options.offline?.reasoner),
    options.maxAttempts ?? '',
    options.minConfidence ?? '',
  ].join('|');
}

class GraphCache {
  private graphs = new Map<string, Promise<AttributeInferenceGraph>>();
  private closers: (() => Promise<void>)[] = [];
  constructor(
    private options: InferenceOptions,
    private checkpointer?: BaseCheckpointSaver,
  ) {}
  get(attributeSet: AttributeSet): Promise<AttributeInferenceGraph> {
    const key = graphKey(this.options, attributeSet, this.checkpointer);
    const source = backendSource(this.options);
    const shared = source ? compiledGraphs.get(source) : undefined;
    const found = this.graphs.get(key) ?? shared?.get(key);
    if (found) return found;
    // The promise is cached, not the graph: parallel calls wait for one compile instead of racing to their own.
    const graph = this.build(attributeSet);
    this.graphs.set(key, graph);
    if (source) {
      const byKey = shared ?? new Map<string, Promise<AttributeInferenceGraph>>();
      byKey.set(key, graph);
      compiledGraphs.set(source, byKey);
      graph.catch(() => byKey.delete(key));
    }
    return graph;
  }
  private async build(attributeSet: AttributeSet): Promise<AttributeInferenceGraph> {
    const { backend, close } = await resolveBackend(this.options, attributeSet);
    this.closers.push(close);
    return createAttributeInferenceGraph({
      backend,
      attributeSet,
      checkpointer: this.checkpointer,
      minConfidence: this.options.minConfidence,
      retryPolicy: this.options.retryPolicy,
    });
  }
  async close() {
    await Promise.all(this.closers.map((c) => c()));
  }
}

function resultFrom(
  userId: string,
  values: Partial<InferenceStateValue>,
  fromCheckpoint: boolean,
): UserInference {
  return {
    userId,
    status: 'done',
    guesses: values.guesses ?? [],
    evidence: values.evidence ?? [],
    failures: values.failures ?? [],
    usage: values.usage ?? { ...ZERO_USAGE },
    fromCheckpoint,
  };
}

async function runUser(
  graph: AttributeInferenceGraph,
  user: SocialUser,
  options: InferenceOptions & { threadId?: string },
): Promise<UserInference> {
  const emit = options.onEvent ?? (() => {});
  const config = options.threadId ? { configurable: { thread_id: options.threadId } } : {};
  let input: { userId: string; posts: GraphPost[] } | null = {
    userId: user.id,
    posts: graphPosts(user, options.textOnly),
  };
  if (options.threadId) {
    const snapshot = await graph.getState(config);
    const values = snapshot.values as Partial<InferenceStateValue>;
    const started = snapshot.createdAt !== undefined && values.userId !== undefined;
    if (started && snapshot.next.length === 0) {
      emit({ type: 'user-done', userId: user.id, fromCheckpoint: true });
      return resultFrom(user.id, values, true);
    }
    if (started) input = null;
    emit({ type: 'user-start', userId: user.id, resuming: started });
  } else {
    emit({ type: 'user-start', userId: user.id, resuming: false });
  }
  let last: Partial<InferenceStateValue> = {};
  const signal = taskSignal(options.signal);
  const stream = await graph.stream(input, {
    ...config,
    streamMode: ['updates', 'custom', 'values'],
    maxConcurrency: graphConcurrency(options.nodeConcurrency ?? DEFAULT_NODE_CONCURRENCY),
    // LangGraph listens on the signal it is given once per step; a dependant keeps that off the caller's,
    // which many users in flight share.
    ...(signal ? { signal } : {}),
  });
  for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
    if (mode === 'values') last = chunk as Partial<InferenceStateValue>;
    else if (mode === 'custom') emit({ userId: user.id, ...(chunk as InferenceProgress) });
    else if (mode === 'updates')
      for (const node of Object.keys(chunk as object)) emit({ type: 'node', userId: user.id, node });
  }
  emit({ type: 'user-done', userId: user.id, fromCheckpoint: false });
  return resultFrom(user.id, last, false);
}

/** Infers every attribute of one user: one graph run, no checkpoint unless a thread is asked for. */
export async function inferAttributes(
  user: SocialUser,
  options: InferenceOptions & { checkpointer?: BaseCheckpointSaver; threadId?: string } = {},
): Promise<UserInference> {
  const graphs = new GraphCache(options, options.checkpointer);
  try {
    const graph = await graphs.get(options.attributeSet ?? attributeSetFor(user));
    return await runUser(graph, user, {
      ...options,
      threadId: options.checkpointer ? (options.threadId ?? user.id) : undefined,
    });
  } finally {
    await graphs.close();
  }
}

/**
 * Infers many users, `concurrency` at a time, one checkpoint thread per user and run: a rerun with the
 * same `runId` returns finished users from their checkpoints (no model call) and resumes the others
 * where they stopped. A user whose graph throws (after node retries) is reported failed; the rest go on.
 */
export async function inferUsers(
  users: Iterable<SocialUser>,
  options: InferUsersOptions,
): Promise<InferUsersResult> {
  const ownCheckpointer = typeof options.checkpointer === 'string' || options.checkpointer === undefined;
  const checkpointer =
    typeof options.checkpointer === 'object' ? options.checkpointer : openCheckpointer(options.checkpointer);
  const graphs = new GraphCache(options, checkpointer);
  const list = [...users];
  const results: UserInference[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      if (options.signal?.aborted) return;
      const index = next++;
      const user = list[index] as SocialUser;
      let result: UserInference;
      try {
        const graph = await graphs.get(options.attributeSet ?? attributeSetFor(user));
        result = await runUser(graph, user, { ...options, threadId: userThreadId(options.runId, user.id) });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        options.onEvent?.({ type: 'user-failed', userId: user.id, error: message });
        result = { ...resultFrom(user.id, {}, false), status: 'failed', error: message };
      }
      results[index] = result;
      options.onResult?.(result);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, list.length)) }, worker),
    );
  } finally {
    await graphs.close();
    if (ownCheckpointer) closeCheckpointer(checkpointer);
  }
  const done = results.filter(Boolean);
  const usage = done.reduce((acc, r) => addUsage(acc, r.usage), { ...ZERO_USAGE });
  return {
    runId: options.runId,
    results: done,
    usage,
    costUsd: usage.costUsd,
    failedUsers: done.filter((r) => r.status === 'failed').length,
  };
}
