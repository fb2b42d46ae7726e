import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { z } from 'zod';

export const TextPart = z.object({ type: z.literal('text'), text: z.string() });
/** An image as base64 (no data: prefix). Cache keys hash it, so it never appears in a key. */
export const ImagePart = z.object({ type: z.literal('image'), mimeType: z.string(), data: z.string() });
export const ContentPart = z.discriminatedUnion('type', [TextPart, ImagePart]);
export type ContentPart = z.infer<typeof ContentPart>;

export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([z.string(), z.array(ContentPart)]),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** What a model is asked. `schema` (zod) asks for structured output; `parsed` then holds the value. */
export interface ChatRequest<T = unknown> {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  schema?: z.ZodType<T>;
  /** Name of the structured output (tool / json_schema name). */
  schemaName?: string;
  /** Ask for token log-probabilities (OpenAI-compatible endpoints only). */
  logprobs?: boolean;
  /** Repeat index of the same request (epochs): part of the cache key so epochs are distinct samples. */
  epoch?: number;
}

export const Usage = z.object({ inputTokens: z.number(), outputTokens: z.number() });
export type Usage = z.infer<typeof Usage>;

export const TokenLogprob = z.object({ token: z.string(), logprob: z.number() });
export type TokenLogprob = z.infer<typeof TokenLogprob>;

export interface ChatResponse<T = unknown> {
  text: string;
  parsed?: T;
  usage: Usage;
  costUsd: number;
  /** True when served from the response cache: no provider call was made. */
  cached: boolean;
  latencyMs: number;
  modelId: string;
  logprobs?: TokenLogprob[];
}

/** Log-probabilities of a given completion after a prompt (teacher forcing), for unlearning metrics. */
export interface ScoredText {
  /** The completion's tokens as the endpoint split them. */
  tokens: TokenLogprob[];
  sumLogprob: number;
  meanLogprob: number;
  usage: Usage;
}

export type ModelRole = 'target' | 'judge' | 'attacker' | 'generator';

export interface ModelStats {
  calls: number;
  cacheHits: number;
  errors: number;
  retries: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** The one way privlens calls a model: every graph and evaluation goes through this. */
export interface Model {
  /** The id as the user wrote it (`openai:gpt-4o`, `offline`, …), never containing a key. */
  readonly id: string;
  readonly role?: ModelRole;
  /** Honest label for reports, e.g. `offline-baseline` for the embedded engine. */
  readonly label: string;
  invoke<T = unknown>(request: ChatRequest<T>, options?: { signal?: AbortSignal }): Promise<ChatResponse<T>>;
  stats(): ModelStats;
  /** The underlying LangChain chat model, for graphs that want one (absent where there is none). */
  readonly chatModel?: BaseChatModel;
  /** Log-probabilities of `completion` given `prompt`; throws UnsupportedFeatureError where the API has none. */
  scoreCompletion?(
    input: { prompt: string; completion: string },
    options?: { signal?: AbortSignal },
  ): Promise<ScoredText>;
}
