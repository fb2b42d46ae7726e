import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ChatRequest, ScoredText, TokenLogprob, Usage } from '../types.ts';

/** One provider answer before caching and cost: what a single successful HTTP call gave. */
export interface ProviderAnswer {
  text: string;
  parsed?: unknown;
  usage: Usage;
  logprobs?: TokenLogprob[];
}

/** The provider-specific half of a Model; retries, limits, cache and cost live in create-model.ts. */
export interface ProviderClient {
  readonly chatModel: BaseChatModel;
  call(request: ChatRequest, signal: AbortSignal): Promise<ProviderAnswer>;
  scoreCompletion(input: { prompt: string; completion: string }, signal: AbortSignal): Promise<ScoredText>;
}

export type Env = Record<string, string | undefined>;

/**
 * LangChain chat models fix temperature and max tokens at construction: one model per setting a request asks
 * for, made on first use and kept; `base` (neither set) is also the Model's public chatModel.
 */
export function modelVariants<M>(make: (temperature?: number, maxTokens?: number) => M): {
  base: M;
  forRequest(request: ChatRequest): M;
} {
  const base = make();
  const variants = new Map<string, M>();
  return {
    base,
    forRequest(request) {
      if (request.temperature === undefined && request.maxTokens === undefined) return base;
      const key = `${request.temperature}|${request.maxTokens}`;
      let model = variants.get(key);
      if (!model) {
        model = make(request.temperature, request.maxTokens);
        variants.set(key, model);
      }
      return model;
    },
  };
}
