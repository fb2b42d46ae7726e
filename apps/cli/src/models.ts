import type { Store } from '@privlens/store';
import {
  type ChatRequest,
  type ChatResponse,
  cacheKey,
  createModel,
  type Model,
  type ModelRole,
} from '@privlens/models';

export interface ModelFlags {
  /** false: no response cache (every call goes to the provider). */
  cache?: boolean;
  concurrency?: number;
}

/** A model id from the command line, sharing the run's store as its response cache. */
export function modelFromFlag(id: string, role: ModelRole, store: Store, flags: ModelFlags = {}): Model {
  return createModel(id, {
    role,
    cache: flags.cache === false ? false : store,
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
  });
}

/** Everything of a wrapped model but its invoke, so a wrapper changes only how requests go out. */
function sameModel(model: Model): Omit<Model, 'invoke'> {
  return {
    id: model.id,
    label: model.label,
    ...(model.role ? { role: model.role } : {}),
    ...(model.chatModel ? { chatModel: model.chatModel } : {}),
    ...(model.scoreCompletion ? { scoreCompletion: model.scoreCompletion.bind(model) } : {}),
    stats: () => model.stats(),
  };
}

/**
 * Repeats of one request are distinct samples: the epoch goes into each request (and so into its cache key),
 * or epoch 2 would be served epoch 1's cached answer.
 */
export function withEpoch(model: Model, epoch: number): Model {
  if (epoch === 1) return model;
  return {
    ...sameModel(model),
    invoke: <T>(request: ChatRequest<T>, options?: { signal?: AbortSignal }) =>
      model.invoke({ ...request, epoch }, options),
  };
}

/**
 * Every answer of this run is committed to the store the moment it arrives, keyed by run and request, and a
 * resumed run is served from there: `--resume` repeats no finished call, even with --no-cache and even when
 * a graph had not yet recorded the sample the answer belongs to.
 */
export function withRunLog(model: Model, store: Store, runId: string): Model {
  const keyOf = (request: ChatRequest) => `run:${runId}|${cacheKey(model.id, request)}`;
  return {
    ...sameModel(model),
    async invoke<T>(request: ChatRequest<T>, options?: { signal?: AbortSignal }): Promise<ChatResponse<T>> {
      const key = keyOf(request as ChatRequest);
      const logged = store.cache.get(key) as ChatResponse<T> | undefined;
      if (logged) return { ...logged, cached: true, costUsd: 0, latencyMs: 0 };
      const response = await model.invoke(request, options);
      store.cache.put(key, response);
      return response;
    },
  };
}
