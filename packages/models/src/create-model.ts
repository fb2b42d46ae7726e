import { cacheKey } from './cache-key.ts';
import { type LimiterOptions, limiterFor } from './limiter.ts';
import { type ParsedModelId, parseModelId } from './model-id.ts';
import { createOfflineModel, type OfflineModelOptions } from './offline/index.ts';
import { costUsd, loadPrices, type Price, priceFor } from './prices.ts';
import { createAnthropicProvider } from './providers/anthropic.ts';
import { createOpenAIProvider } from './providers/openai.ts';
import type { Env, ProviderAnswer, ProviderClient } from './providers/provider.ts';
import { type CachedValue, type CacheOption, resolveCache } from './response-cache.ts';
import { callWithRetries, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import type { ChatRequest, ChatResponse, Model, ModelRole, ModelStats, ScoredText } from './types.ts';

export interface CreateModelOptions {
  role?: ModelRole;
  /** Overrides the key from the environment. Never part of the id or the cache key. */
  apiKey?: string;
  /** Overrides OPENAI_BASE_URL / ANTHROPIC_BASE_URL (the id's URL for openai-compatible). */
  baseURL?: string;
  /** Environment to read keys and settings from (default process.env). */
  env?: Env;
  cache?: CacheOption;
  /** Retries after the first attempt (default 4); 0 means none. */
  maxRetries?: number;
  /** Per-attempt timeout in ms (default 120 000). */
  timeoutMs?: number;
  retry?: Partial<Omit<RetryPolicy, 'maxRetries' | 'timeoutMs'>>;
  /** Concurrency of this model id in the process: a number is a fixed bound, or initial/max for AIMD. */
  concurrency?: number | LimiterOptions;
  /** Price overrides (USD per 1M tokens) by model id; `pricesFile` replaces PRIVLENS_PRICES. */
  prices?: Record<string, Price>;
  pricesFile?: string;
  /** Anthropic needs max_tokens; used when a request sets none (default 1024). */
  defaultMaxTokens?: number;
  /** OpenAI-style ids: `lean` (default) posts plain chat directly; `sdk` sends it through the openai client. */
  transport?: 'lean' | 'sdk';
  /** Options of the offline engine (`offline` id only). */
  offline?: OfflineModelOptions;
}

const byModel = new Map<string, ModelStats>();
function processStats(id: string): ModelStats {
  let stats = byModel.get(id);
  if (!stats) {
    stats = emptyStats();
    byModel.set(id, stats);
  }
  return stats;
}

/** Calls, cache hits, tokens and cost per model id over every Model object of this process. */
export function usageByModel(): Record<string, ModelStats> {
  return Object.fromEntries([...byModel].map(([id, stats]) => [id, { ...stats }]));
}

function emptyStats(): ModelStats {
  return { calls: 0, cacheHits: 0, errors: 0, retries: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

const DEFAULT_CONCURRENCY: Record<ParsedModelId['provider'], LimiterOptions> = {
  openai: { initial: 16, max: 64 },
  anthropic: { initial: 8, max: 32 },
  'openai-compatible': { initial: 16, max: 64 },
  offline: { initial: 2, max: 2 },
};

function providerFor(
  id: string,
  parsed: ParsedModelId,
  options: CreateModelOptions,
  env: Env,
): ProviderClient {
  const common = {
    env,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  };
  if (parsed.provider === 'anthropic') {
    return createAnthropicProvider(id, parsed, {
      ...common,
      ...(options.defaultMaxTokens ? { defaultMaxTokens: options.defaultMaxTokens } : {}),
    });
  }
  return createOpenAIProvider(id, parsed, {
    ...common,
    ...(options.transport ? { transport: options.transport } : {}),
  });
}

/** Everything create-model and the batch runner share about one model id. */
export interface ModelRuntime {
  id: string;
  parsed: ParsedModelId;
  price: Price | undefined;
  batchDiscount: number;
}

export function modelRuntime(
  id: string,
  options: Pick<CreateModelOptions, 'prices' | 'pricesFile'> = {},
): ModelRuntime {
  const parsed = parseModelId(id);
  const table = loadPrices({
    ...(options.pricesFile ? { file: options.pricesFile } : {}),
    ...(options.prices ? { overrides: options.prices } : {}),
  });
  return { id, parsed, price: priceFor(table, id), batchDiscount: table.batchDiscount };
}

function responseFrom<T>(
  id: string,
  request: ChatRequest<T>,
  value: CachedValue,
  cached: boolean,
  started: number,
): ChatResponse<T> {
  const response: ChatResponse<T> = {
    text: value.text,
    usage: value.usage,
    // A cache hit spends nothing.
    costUsd: cached ? 0 : value.costUsd,
    cached,
    latencyMs: performance.now() - started,
    modelId: id,
  };
  if (request.schema && value.parsed !== undefined) response.parsed = value.parsed as T;
  if (value.logprobs) response.logprobs = value.logprobs;
  return response;
}

/**
 * The one way privlens calls a model: `openai:<model>`, `anthropic:<model>`,
 * `openai-compatible:<baseURL>#<model>` or `offline`.
 */
export function createModel(id: string, options: CreateModelOptions = {}): Model {
  const env = options.env ?? process.env;
  const runtime = modelRuntime(id, options);
  if (runtime.parsed.provider === 'offline') {
    // The embedded engine answers locally: no key, no limiter, no HTTP, so no response cache either.
    return createOfflineModel({ ...options.offline, ...(options.role ? { role: options.role } : {}) });
  }
  const provider = providerFor(id, runtime.parsed, options, env);
  const concurrency =
    typeof options.concurrency === 'number'
      ? { initial: options.concurrency, max: options.concurrency }
      : options.concurrency;
  const limiter = limiterFor(id, concurrency ?? DEFAULT_CONCURRENCY[runtime.parsed.provider]);
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...options.retry,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const cache = resolveCache(options.cache, env);
  const stats = emptyStats();
  const total = processStats(id);
  const bump = (field: keyof ModelStats, by = 1) => {
    stats[field] += by;
    total[field] += by;
  };
  const hooks = { onRetry: () => bump('retries') };

  async function invoke<T>(
    request: ChatRequest<T>,
    callOptions: { signal?: AbortSignal } = {},
  ): Promise<ChatResponse<T>> {
    const started = performance.now();
    const key = cache ? cacheKey(id, request as ChatRequest) : undefined;
    if (key && cache?.read) {
      const hit = cache.cache.get(key) as CachedValue | undefined;
      // A cached structured value must still satisfy the caller's schema (batch results are stored
      // unvalidated); one that does not is treated as a miss and asked again.
      const usable = hit && (!request.schema || request.schema.safeParse(hit.parsed).success);
      if (hit && usable) {
        if (request.schema) hit.parsed = request.schema.parse(hit.parsed);
        bump('cacheHits');
        return responseFrom(id, request, hit, true, started);
      }
    }
    bump('calls');
    let answer: ProviderAnswer;
    try {
      answer = await callWithRetries(
        id,
        limiter,
        policy,
        (signal) => provider.call(request as ChatRequest, signal),
        callOptions.signal,
        hooks,
      );
    } catch (error) {
      bump('errors');
      throw error;
    }
    const value: CachedValue = {
      text: answer.text,
      usage: answer.usage,
      costUsd: costUsd(runtime.price, answer.usage),
    };
    if (answer.parsed !== undefined) value.parsed = answer.parsed;
    if (answer.logprobs) value.logprobs = answer.logprobs;
    bump('inputTokens', answer.usage.inputTokens);
    bump('outputTokens', answer.usage.outputTokens);
    bump('costUsd', value.costUsd);
    // Only successes reach this line: errors are never cached.
    // Buffered: committed with the other results of this event-loop turn in one transaction.
    if (key && cache?.write) cache.cache.putSoon(key, value);
    return responseFrom(id, request, value, false, started);
  }

  async function scoreCompletion(
    input: { prompt: string; completion: string },
    callOptions: { signal?: AbortSignal } = {},
  ): Promise<ScoredText> {
    bump('calls');
    try {
      const scored = await callWithRetries(
        id,
        limiter,
        policy,
        (signal) => provider.scoreCompletion(input, signal),
        callOptions.signal,
        hooks,
      );
      bump('inputTokens', scored.usage.inputTokens);
      bump('outputTokens', scored.usage.outputTokens);
      bump('costUsd', costUsd(runtime.price, scored.usage));
      return scored;
    } catch (error) {
      bump('errors');
      throw error;
    }
  }

  return {
    id,
    label: id,
    ...(options.role ? { role: options.role } : {}),
    chatModel: provider.chatModel,
    invoke,
    scoreCompletion,
    stats: () => ({ ...stats }),
  };
}
