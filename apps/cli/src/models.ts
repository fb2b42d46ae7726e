import type { Store } from '@privlens/store';
import { type ChatRequest, createModel, type Model, type ModelRole } from '@privlens/models';

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

/**
 * Repeats of one request are distinct samples: the epoch goes into each request (and so into its cache key),
 * or epoch 2 would be served epoch 1's cached answer.
 */
export function withEpoch(model: Model, epoch: number): Model {
  if (epoch === 1) return model;
  return {
    id: model.id,
    label: model.label,
    ...(model.role ? { role: model.role } : {}),
    ...(model.chatModel ? { chatModel: model.chatModel } : {}),
    ...(model.scoreCompletion ? { scoreCompletion: model.scoreCompletion.bind(model) } : {}),
    invoke: <T>(request: ChatRequest<T>, options?: { signal?: AbortSignal }) =>
      model.invoke({ ...request, epoch }, options),
    stats: () => model.stats(),
  };
}
