import Anthropic from '@anthropic-ai/sdk';
import type { BatchJob, Store } from '@privlens/store';
import OpenAI, { toFile } from 'openai';
import { cacheKey, schemaJson, sha256 } from './cache-key.ts';
import { type CreateModelOptions, modelRuntime } from './create-model.ts';
import { ModelError, UnsupportedFeatureError } from './errors.ts';
import { limiterFor } from './limiter.ts';
import { toAnthropicMessages, toOpenAIMessages } from './messages.ts';
import { costUsd } from './prices.ts';
import { resolveAnthropicAuth } from './providers/anthropic.ts';
import { safeJson } from './providers/structured.ts';
import type { CachedValue } from './response-cache.ts';
import { callWithRetries, DEFAULT_RETRY_POLICY, sleep } from './retry.ts';
import type { ChatRequest, TokenLogprob, Usage } from './types.ts';

export type BatchRequest = ChatRequest;

export interface BatchRunnerOptions
  extends Pick<
    CreateModelOptions,
    'apiKey' | 'baseURL' | 'env' | 'prices' | 'pricesFile' | 'defaultMaxTokens'
  > {
  /** Holds the job (provider batch id) and receives the results in its response cache. */
  store: Store;
  /** Wait between polls in `run` / `resume` (default 30 s; providers finish within 24 h). */
  pollIntervalMs?: number;
  onPoll?: (job: BatchJobState) => void;
}

export type BatchJobStatus = 'submitted' | 'collected' | 'failed' | 'nothing-to-do';

export interface BatchJobState {
  /** privlens' job id: a hash of model id + request keys, so the same set resumes the same job. */
  jobId: string;
  providerBatchId: string | null;
  status: BatchJobStatus;
  /** Provider-side status as last seen (`in_progress`, `ended`, …). */
  providerStatus: string;
  requests: number;
  /** Requests answered from the cache before submitting (not sent again). */
  alreadyCached: number;
  collected: number;
  failed: number;
}

export interface BatchRunner {
  readonly modelId: string;
  /** Sends every request not yet cached as one provider batch, or returns the job already made for this set. */
  submit(requests: readonly ChatRequest[]): Promise<BatchJobState>;
  /** One status check; when the provider is done, results go into the cache. */
  poll(jobId: string): Promise<BatchJobState>;
  /** submit (or resume) then poll until collected or failed. */
  run(requests: readonly ChatRequest[], options?: { signal?: AbortSignal }): Promise<BatchJobState>;
  /** Unfinished jobs of this model in the store: what a restarted process should `resume`. */
  pending(): BatchJobState[];
  resume(options?: { signal?: AbortSignal }): Promise<BatchJobState[]>;
}

interface JobData {
  keys: string[];
  /** Cache key → structured output name, for keys that asked for one. */
  structured: Record<string, string>;
  logprobs: string[];
  alreadyCached: number;
  providerStatus: string;
  collected: number;
  failed: number;
  outputFileId?: string;
}

function stateOf(job: BatchJob): BatchJobState {
  const data = job.data as JobData;
  return {
    jobId: job.id,
    providerBatchId: job.providerBatchId,
    status: job.status as BatchJobStatus,
    providerStatus: data.providerStatus,
    requests: data.keys.length + data.alreadyCached,
    alreadyCached: data.alreadyCached,
    collected: data.collected,
    failed: data.failed,
  };
}

/** One item's answer as a backend read it from the results file; `json` is a tool call's arguments. */
interface BatchAnswer {
  text: string;
  json?: unknown;
  usage: Usage;
  logprobs?: TokenLogprob[];
}

/** What one provider backend must do; the job bookkeeping around it is shared. */
interface BatchBackend {
  provider: 'openai' | 'anthropic';
  create(
    lines: { key: string; request: ChatRequest }[],
    jobId: string,
  ): Promise<{ batchId: string; status: string }>;
  /** Provider status, and whether it is finished (`done`) or dead (`failed`). */
  retrieve(
    batchId: string,
  ): Promise<{ status: string; done: boolean; failed: boolean; outputFileId?: string }>;
  results(
    batchId: string,
    outputFileId?: string,
  ): AsyncIterable<{
    key: string;
    answer?: BatchAnswer;
  }>;
}

function openaiBackend(modelId: string, model: string, compatible: boolean, client: OpenAI): BatchBackend {
  return {
    provider: 'openai',
    async create(lines, jobId) {
      const jsonl = lines
        .map(({ key, request }) => {
          const body: Record<string, unknown> = { model, messages: toOpenAIMessages(request.messages) };
          if (request.temperature !== undefined) body.temperature = request.temperature;
          if (request.maxTokens !== undefined)
            body[compatible ? 'max_tokens' : 'max_completion_tokens'] = request.maxTokens;
          if (request.logprobs) body.logprobs = true;
          if (request.schema) {
            body.response_format = {
              type: 'json_schema',
              json_schema: {
                name: request.schemaName ?? 'answer',
                schema: schemaJson(request.schema),
                strict: true,
              },
            };
          }
          return JSON.stringify({ custom_id: key, method: 'POST', url: '/v1/chat/completions', body });
        })
        .join('\n');
      const file = await client.files.create({
        file: await toFile(Buffer.from(`${jsonl}\n`), `${jobId}.jsonl`),
        purpose: 'batch',
      });
      const batch = await client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: { privlens_job: jobId },
      });
      return { batchId: batch.id, status: batch.status };
    },
    async retrieve(batchId) {
      const batch = await client.batches.retrieve(batchId);
      const done = batch.status === 'completed';
      const failed =
        ['failed', 'expired', 'cancelled', 'cancelling'].includes(batch.status) && !batch.output_file_id;
      return {
        status: batch.status,
        done: done || (batch.status === 'expired' && !!batch.output_file_id),
        failed,
        ...(batch.output_file_id ? { outputFileId: batch.output_file_id } : {}),
      };
    },
    async *results(_batchId, outputFileId) {
      if (!outputFileId) throw new ModelError(modelId, 'batch finished without an output file');
      const text = await (await client.files.content(outputFileId)).text();
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const item = JSON.parse(line) as {
          custom_id: string;
          response?: { status_code: number; body: OpenAI.Chat.ChatCompletion } | null;
        };
        const body = item.response?.status_code === 200 ? item.response.body : undefined;
        const choice = body?.choices?.[0];
        if (!body || !choice) {
          yield { key: item.custom_id };
          continue;
        }
        const answer: BatchAnswer = {
          text: choice.message.content ?? '',
          usage: {
            inputTokens: body.usage?.prompt_tokens ?? 0,
            outputTokens: body.usage?.completion_tokens ?? 0,
          },
        };
        const toolArgs = choice.message.tool_calls?.[0];
        if (toolArgs && 'function' in toolArgs) answer.json = safeJson(toolArgs.function.arguments);
        if (choice.logprobs?.content)
          answer.logprobs = choice.logprobs.content.map((t) => ({ token: t.token, logprob: t.logprob }));
        yield { key: item.custom_id, answer };
      }
    },
  };
}

function anthropicBackend(model: string, defaultMaxTokens: number, client: Anthropic): BatchBackend {
  return {
    provider: 'anthropic',
    async create(lines) {
      const batch = await client.messages.batches.create({
        requests: lines.map(({ key, request }) => {
          const params: Anthropic.MessageCreateParamsNonStreaming = {
            model,
            max_tokens: request.maxTokens ?? defaultMaxTokens,
            ...(toAnthropicMessages(request.messages) as Pick<
              Anthropic.MessageCreateParamsNonStreaming,
              'messages' | 'system'
            >),
          };
          if (request.temperature !== undefined) params.temperature = request.temperature;
          if (request.schema) {
            const name = request.schemaName ?? 'answer';
            params.tools = [
              {
                name,
                description: `Answer as ${name}`,
                input_schema: schemaJson(request.schema) as Anthropic.Tool.InputSchema,
              },
            ];
            params.tool_choice = { type: 'tool', name };
          }
          return { custom_id: key, params };
        }),
      });
      return { batchId: batch.id, status: batch.processing_status };
    },
    async retrieve(batchId) {
      const batch = await client.messages.batches.retrieve(batchId);
      return { status: batch.processing_status, done: batch.processing_status === 'ended', failed: false };
    },
    async *results(batchId) {
      for await (const item of await client.messages.batches.results(batchId)) {
        if (item.result.type !== 'succeeded') {
          yield { key: item.custom_id };
          continue;
        }
        const message = item.result.message;
        const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
        const tool = message.content.find((block) => block.type === 'tool_use');
        yield {
          key: item.custom_id,
          answer: {
            text: text || (tool ? JSON.stringify(tool.input) : ''),
            ...(tool ? { json: tool.input } : {}),
            usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
          },
        };
      }
    },
  };
}

/**
 * Large runs through the providers' batch APIs (about half the price): requests are keyed exactly like
 * online calls, so once collected, `createModel(id).invoke(request)` answers them from the cache.
 */
export function createBatchRunner(modelId: string, options: BatchRunnerOptions): BatchRunner {
  const runtime = modelRuntime(modelId, options);
  const env = options.env ?? process.env;
  const { store } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  let backend: BatchBackend;
  if (runtime.parsed.provider === 'anthropic') {
    const auth = resolveAnthropicAuth(modelId, {
      env,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    });
    backend = anthropicBackend(
      runtime.parsed.model,
      options.defaultMaxTokens ?? 1024,
      new Anthropic({ apiKey: auth.apiKey, baseURL: auth.baseURL ?? null, maxRetries: 0 }),
    );
  } else if (runtime.parsed.provider === 'offline') {
    throw new UnsupportedFeatureError(
      modelId,
      'batch mode',
      'the offline engine runs locally; call it directly',
    );
  } else {
    const compatible = runtime.parsed.provider === 'openai-compatible';
    const apiKey =
      options.apiKey ??
      (compatible
        ? (env.OPENAI_COMPATIBLE_API_KEY ?? env.OPENAI_API_KEY ?? 'not-needed')
        : env.OPENAI_API_KEY);
    if (!apiKey)
      throw new ModelError(
        modelId,
        `model "${modelId}" needs an API key: set the environment variable OPENAI_API_KEY`,
      );
    const baseURL = options.baseURL ?? (compatible ? runtime.parsed.baseURL : env.OPENAI_BASE_URL);
    backend = openaiBackend(
      modelId,
      runtime.parsed.model,
      compatible,
      new OpenAI({ apiKey, baseURL: baseURL ?? null, maxRetries: 0 }),
    );
  }
  // Control-plane calls get the usual retries under their own limiter, apart from online traffic.
  const limiter = limiterFor(`${modelId}#batch`, { initial: 4, max: 4 });
  const control = <T>(fn: (signal: AbortSignal) => Promise<T>) =>
    callWithRetries(modelId, limiter, DEFAULT_RETRY_POLICY, fn);

  async function collect(job: BatchJob, outputFileId?: string): Promise<BatchJob> {
    const data = job.data as JobData;
    let collected = 0;
    let failed = 0;
    const wanted = new Set(data.keys);
    const put = store.db.transaction((rows: [string, CachedValue][]) => {
      for (const [key, value] of rows) store.cache.put(key, value);
    });
    const rows: [string, CachedValue][] = [];
    for await (const { key, answer } of backend.results(job.providerBatchId as string, outputFileId)) {
      if (!wanted.has(key)) continue;
      if (!answer) {
        failed++;
        continue;
      }
      const value: CachedValue = {
        text: answer.text,
        usage: answer.usage,
        costUsd: costUsd(runtime.price, answer.usage, runtime.batchDiscount),
      };
      if (data.structured[key] !== undefined) {
        const parsed = answer.json ?? safeJson(answer.text);
        // A malformed structured answer is not cached: the online path will ask again.
        if (parsed === undefined) {
          failed++;
          continue;
        }
        value.parsed = parsed;
      }
      if (answer.logprobs) value.logprobs = answer.logprobs;
      rows.push([key, value]);
      collected++;
    }
    put(rows);
    return store.batches.put({ ...job, status: 'collected', data: { ...data, collected, failed } });
  }

  async function poll(jobId: string): Promise<BatchJobState> {
    let job = store.batches.get(jobId);
    if (!job) throw new ModelError(modelId, `unknown batch job "${jobId}"`);
    if (job.status !== 'submitted') return stateOf(job);
    const seen = await control(() => backend.retrieve(job?.providerBatchId as string));
    const data = { ...(job.data as JobData), providerStatus: seen.status };
    if (seen.outputFileId) data.outputFileId = seen.outputFileId;
    job = store.batches.put({ ...job, data, status: seen.failed ? 'failed' : 'submitted' });
    if (seen.done) job = await collect(job, seen.outputFileId);
    const state = stateOf(job);
    options.onPoll?.(state);
    return state;
  }

  async function submit(requests: readonly ChatRequest[]): Promise<BatchJobState> {
    const byKey = new Map<string, ChatRequest>();
    for (const request of requests) byKey.set(cacheKey(modelId, request), request);
    const keys = [...byKey.keys()].sort();
    const jobId = `batch-${sha256(`${modelId}\n${keys.join('\n')}`).slice(0, 32)}`;
    const existing = store.batches.get(jobId);
    if (existing && existing.status !== 'failed') return stateOf(existing);
    const todo = keys.filter((key) => !store.cache.has(key));
    const data: JobData = {
      keys: todo,
      structured: Object.fromEntries(
        todo.filter((k) => byKey.get(k)?.schema).map((k) => [k, byKey.get(k)?.schemaName ?? 'answer']),
      ),
      logprobs: todo.filter((k) => byKey.get(k)?.logprobs),
      alreadyCached: keys.length - todo.length,
      providerStatus: 'none',
      collected: 0,
      failed: 0,
    };
    if (todo.length === 0) {
      return stateOf(
        store.batches.put({ id: jobId, provider: backend.provider, modelId, status: 'nothing-to-do', data }),
      );
    }
    const created = await control(() =>
      backend.create(
        todo.map((key) => ({ key, request: byKey.get(key) as ChatRequest })),
        jobId,
      ),
    );
    data.providerStatus = created.status;
    return stateOf(
      store.batches.put({
        id: jobId,
        provider: backend.provider,
        modelId,
        providerBatchId: created.batchId,
        status: 'submitted',
        data,
      }),
    );
  }

  async function untilDone(state: BatchJobState, signal?: AbortSignal): Promise<BatchJobState> {
    let current = state;
    while (current.status === 'submitted') {
      await sleep(pollIntervalMs, signal);
      current = await poll(current.jobId);
    }
    return current;
  }

  return {
    modelId,
    submit,
    poll,
    async run(requests, runOptions = {}) {
      const state = await submit(requests);
      return untilDone(state.status === 'submitted' ? await poll(state.jobId) : state, runOptions.signal);
    },
    pending() {
      return store.batches.list({ status: 'submitted', modelId }).map(stateOf);
    },
    async resume(runOptions = {}) {
      const out: BatchJobState[] = [];
      for (const job of store.batches.list({ status: 'submitted', modelId }))
        out.push(await untilDone(await poll(job.id), runOptions.signal));
      return out;
    },
  };
}
