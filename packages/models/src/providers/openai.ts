import { ChatOpenAI } from '@langchain/openai';
import OpenAI from 'openai';
import { MissingApiKeyError } from '../errors.ts';
import { createJsonTransport } from '../json-transport.ts';
import { toLangChainMessages, toOpenAIMessages } from '../messages.ts';
import type { ParsedModelId } from '../model-id.ts';
import type { ScoredText, TokenLogprob } from '../types.ts';
import { type Env, modelVariants, type ProviderAnswer, type ProviderClient } from './provider.ts';
import { invokeStructured } from './structured.ts';

export interface OpenAIProviderOptions {
  apiKey?: string;
  baseURL?: string;
  env: Env;
  /** `lean` (default): plain chat over node:http keep-alive; `sdk`: everything through the openai client. */
  transport?: 'lean' | 'sdk';
}

function resolveAuth(
  modelId: string,
  parsed: ParsedModelId,
  options: OpenAIProviderOptions,
): { apiKey: string; baseURL?: string } {
  if (parsed.provider === 'openai-compatible') {
    // Local servers rarely check keys, but the SDK insists on one.
    const apiKey =
      options.apiKey ?? options.env.OPENAI_COMPATIBLE_API_KEY ?? options.env.OPENAI_API_KEY ?? 'not-needed';
    return { apiKey, baseURL: options.baseURL ?? parsed.baseURL };
  }
  const apiKey = options.apiKey ?? options.env.OPENAI_API_KEY;
  if (!apiKey) throw new MissingApiKeyError(modelId, 'OPENAI_API_KEY');
  const baseURL = options.baseURL ?? options.env.OPENAI_BASE_URL;
  return baseURL ? { apiKey, baseURL } : { apiKey };
}

interface WireLogprobs {
  content?: { token: string; logprob: number }[] | null;
}

/**
 * Plain and multimodal chat is the hot path of large runs: it posts the Chat Completions body directly
 * (json-transport.ts), since LangChain's and the SDK's per-call overhead cost throughput there (see
 * bench/throughput.ts). Structured output goes through ChatOpenAI so it behaves like every other LangChain
 * model in the graphs; log-prob scoring uses the `openai` client.
 */
export function createOpenAIProvider(
  modelId: string,
  parsed: ParsedModelId,
  options: OpenAIProviderOptions,
): ProviderClient {
  const auth = resolveAuth(modelId, parsed, options);
  const client = new OpenAI({
    apiKey: auth.apiKey,
    baseURL: auth.baseURL ?? null,
    maxRetries: 0,
    timeout: 3_600_000,
  });
  const transport = options.transport === 'sdk' ? undefined : createJsonTransport();
  const base = (auth.baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const completionsUrl = new URL(`${base}/chat/completions`);
  const authHeaders = { authorization: `Bearer ${auth.apiKey}` };
  const compatible = parsed.provider === 'openai-compatible';
  const makeChatModel = (temperature?: number, maxTokens?: number) =>
    new ChatOpenAI({
      model: parsed.model,
      apiKey: auth.apiKey,
      configuration: auth.baseURL ? { baseURL: auth.baseURL } : {},
      maxRetries: 0,
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
    });
  const { base: chatModel, forRequest: variant } = modelVariants(makeChatModel);

  return {
    chatModel,
    async call(request, signal): Promise<ProviderAnswer> {
      if (request.schema) {
        return invokeStructured(
          modelId,
          variant(request),
          request.schema,
          request.schemaName ?? 'answer',
          toLangChainMessages(request.messages),
          signal,
        );
      }
      const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
        model: parsed.model,
        messages: toOpenAIMessages(request.messages) as OpenAI.Chat.ChatCompletionMessageParam[],
      };
      if (request.temperature !== undefined) body.temperature = request.temperature;
      if (request.maxTokens !== undefined) {
        // OpenAI itself deprecated max_tokens; most compatible servers only know max_tokens.
        if (compatible) body.max_tokens = request.maxTokens;
        else body.max_completion_tokens = request.maxTokens;
      }
      if (request.logprobs) body.logprobs = true;
      const completion = transport
        ? ((await transport.post(completionsUrl, authHeaders, body, signal)) as OpenAI.Chat.ChatCompletion)
        : await client.chat.completions.create(body, { signal });
      const choice = completion.choices[0];
      const answer: ProviderAnswer = {
        text: choice?.message.content ?? '',
        usage: {
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
        },
      };
      if (request.logprobs) {
        answer.logprobs = ((choice?.logprobs as WireLogprobs | null)?.content ?? []).map((t) => ({
          token: t.token,
          logprob: t.logprob,
        }));
      }
      return answer;
    },
    async scoreCompletion({ prompt, completion }, signal): Promise<ScoredText> {
      // Legacy completions with echo return log-probabilities of the prompt itself; vLLM adds prompt_logprobs.
      const body = {
        model: parsed.model,
        prompt: prompt + completion,
        max_tokens: 1,
        echo: true,
        logprobs: 0,
        temperature: 0,
        prompt_logprobs: 0,
      };
      const response = (await client.completions.create(body as OpenAI.CompletionCreateParamsNonStreaming, {
        signal,
      })) as OpenAI.Completion;
      const choice = response.choices[0] as OpenAI.CompletionChoice & {
        prompt_logprobs?: (Record<string, { logprob: number; decoded_token?: string }> | null)[];
      };
      const tokens = completionTokens(prompt, completion, choice);
      const sum = tokens.reduce((total, t) => total + t.logprob, 0);
      return {
        tokens,
        sumLogprob: sum,
        meanLogprob: tokens.length ? sum / tokens.length : 0,
        usage: {
          inputTokens: response.usage?.prompt_tokens ?? 0,
          outputTokens: response.usage?.completion_tokens ?? 0,
        },
      };
    },
  };
}

/** The scored tokens that lie inside `completion` (offset ≥ prompt length), from echo or vLLM prompt_logprobs. */
function completionTokens(
  prompt: string,
  completion: string,
  choice: OpenAI.CompletionChoice & {
    prompt_logprobs?: (Record<string, { logprob: number; decoded_token?: string }> | null)[];
  },
): TokenLogprob[] {
  const end = prompt.length + completion.length;
  const lp = choice.logprobs;
  if (lp?.tokens && lp.token_logprobs && lp.text_offset) {
    const out: TokenLogprob[] = [];
    lp.tokens.forEach((token, i) => {
      const offset = lp.text_offset?.[i] ?? 0;
      const logprob = lp.token_logprobs?.[i];
      if (offset >= prompt.length && offset < end && typeof logprob === 'number')
        out.push({ token, logprob });
    });
    return out;
  }
  if (choice.prompt_logprobs) {
    const out: TokenLogprob[] = [];
    let offset = 0;
    for (const entry of choice.prompt_logprobs) {
      const top = entry ? Object.values(entry)[0] : undefined;
      const token = top?.decoded_token ?? '';
      if (top && offset >= prompt.length && offset < end) out.push({ token, logprob: top.logprob });
      offset += token.length;
    }
    return out;
  }
  throw new Error(
    'the endpoint returned no prompt log-probabilities (needs echo+logprobs or vLLM prompt_logprobs)',
  );
}
