import { ChatAnthropic } from '@langchain/anthropic';
import type { AIMessage } from '@langchain/core/messages';
import { MissingApiKeyError, UnsupportedFeatureError } from '../errors.ts';
import { toLangChainMessages } from '../messages.ts';
import type { ParsedModelId } from '../model-id.ts';
import { type Env, modelVariants, type ProviderClient } from './provider.ts';
import { answerOf, invokeStructured } from './structured.ts';

export interface AnthropicProviderOptions {
  apiKey?: string;
  baseURL?: string;
  env: Env;
  /** Anthropic requires max_tokens on every call. */
  defaultMaxTokens?: number;
}

export function resolveAnthropicAuth(
  modelId: string,
  options: AnthropicProviderOptions,
): { apiKey: string; baseURL?: string } {
  const apiKey = options.apiKey ?? options.env.ANTHROPIC_API_KEY;
  if (!apiKey) throw new MissingApiKeyError(modelId, 'ANTHROPIC_API_KEY');
  const baseURL = options.baseURL ?? options.env.ANTHROPIC_BASE_URL;
  return baseURL ? { apiKey, baseURL } : { apiKey };
}

export function createAnthropicProvider(
  modelId: string,
  parsed: ParsedModelId,
  options: AnthropicProviderOptions,
): ProviderClient {
  const auth = resolveAnthropicAuth(modelId, options);
  const defaultMaxTokens = options.defaultMaxTokens ?? 1024;
  const make = (temperature?: number, maxTokens?: number) =>
    new ChatAnthropic({
      model: parsed.model,
      apiKey: auth.apiKey,
      maxRetries: 0,
      maxTokens: maxTokens ?? defaultMaxTokens,
      ...(auth.baseURL ? { clientOptions: { baseURL: auth.baseURL } } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
    });
  const { base: chatModel, forRequest: variant } = modelVariants(make);
  const noLogprobs = () =>
    new UnsupportedFeatureError(
      modelId,
      'token log-probabilities',
      'the Anthropic API does not return them; use an OpenAI-compatible endpoint (e.g. vLLM) for logprob metrics',
    );

  return {
    chatModel,
    async call(request, signal) {
      if (request.logprobs) throw noLogprobs();
      const messages = toLangChainMessages(request.messages);
      if (request.schema)
        return invokeStructured(
          modelId,
          variant(request),
          request.schema,
          request.schemaName ?? 'answer',
          messages,
          signal,
        );
      return answerOf((await variant(request).invoke(messages, { signal })) as AIMessage);
    },
    async scoreCompletion() {
      throw noLogprobs();
    },
  };
}
