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
