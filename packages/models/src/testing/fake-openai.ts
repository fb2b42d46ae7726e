import { type FakeAnswerFn, type FakeChatInput, normaliseAnswer } from './answers.ts';
import { type FakeHandler, type FakeServer, promptTokens, startFakeServer } from './fake-server.ts';
import { countTokens, type FakeHttpRequest, type FakeReply, tokenize } from './http.ts';

export interface FakeOpenAIOptions {
  /** Scripted model: what it answers to each chat request. Default: echoes the user text. */
  answer?: FakeAnswerFn;
  /** Runs first for every HTTP request; return a reply to take over (429s, 500s, drops), undefined to pass. */
  handler?: FakeHandler;
  /** Delay before every chat/completions answer. */
  latencyMs?: number;
  /** Log-probability the fake gives a token of scored text (completions echo). Default -0.5 per token. */
  tokenLogprob?: (token: string, index: number, prompt: string) => number;
  /** A batch is reported done after this many retrievals (default 2). */
  batchPollsUntilDone?: number;
  /** Keep every request in `requests` (default true; turn off for load tests). */
  record?: boolean;
}

type Json = Record<string, unknown>;

function openaiError(status: number, message: string, type = 'invalid_request_error'): FakeReply {
  return { status, json: { error: { message, type, param: null, code: null } } };
}

function chatInput(body: Json, batch: boolean): FakeChatInput {
  const messages = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
  const texts: string[] = [];
  const system: string[] = [];
  const images: FakeChatInput['images'] = [];
  for (const message of messages) {
    const parts =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : ((message.content as Json[]) ?? []);
    for (const part of parts) {
      if (part.type === 'text')
        (message.role === 'user'
          ? texts
          : message.role === 'system' || message.role === 'developer'
            ? system
            : []
        ).push(String(part.text));
      if (part.type === 'image_url') {
        const url = String((part.image_url as Json).url);
        const match = /^data:([^;]+);base64,(.*)$/s.exec(url);
        if (match) images.push({ mimeType: match[1] as string, data: match[2] as string });
      }
    }
  }
  const input: FakeChatInput = {
    provider: 'openai',
    model: String(body.model),
    system: system.join('\n'),
    text: texts.join('\n'),
    images,
    logprobs: body.logprobs === true,
    body,
    batch,
  };
  if (typeof body.temperature === 'number') input.temperature = body.temperature;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') input.maxTokens = maxTokens;
  const format = body.response_format as Json | undefined;
  const tools = body.tools as { function: { name: string; parameters: unknown } }[] | undefined;
  if (format?.type === 'json_schema') {
    const spec = format.json_schema as Json;
    input.structured = { name: String(spec.name), schema: spec.schema, via: 'json_schema' };
  } else if (tools?.length) {
    const choice = body.tool_choice as { function?: { name?: string } } | undefined;
    const tool = tools.find((t) => t.function.name === choice?.function?.name) ?? tools[0];
    if (tool) input.structured = { name: tool.function.name, schema: tool.function.parameters, via: 'tool' };
  }
  return input;
}

async function chatCompletion(
  body: Json,
  answerFn: FakeAnswerFn,
  sequence: number,
  batch: boolean,
): Promise<FakeReply> {
  if (!Array.isArray(body.messages) || typeof body.model !== 'string') {
    return openaiError(400, "'messages' and 'model' are required");
  }
  const input = chatInput(body, batch);
  const answer = normaliseAnswer(await answerFn(input));
  if (answer.reply) return answer.reply;
  const viaTool = input.structured?.via === 'tool' && answer.json !== undefined;
  const content = viaTool
    ? null
    : (answer.text ?? (answer.json !== undefined ? JSON.stringify(answer.json) : ''));
  const inputTokens = answer.usage?.inputTokens ?? promptTokens(input);
  const completionTokens = answer.usage?.outputTokens ?? countTokens(content ?? JSON.stringify(answer.json));
  const message: Json = { role: 'assistant', content, refusal: null };
  if (viaTool) {
    message.tool_calls = [
      {
        id: `call_${sequence}`,
        type: 'function',
        function: { name: input.structured?.name, arguments: JSON.stringify(answer.json) },
      },
    ];
  }
  const logprobs = input.logprobs
    ? {
        content: (
          answer.logprobs ?? tokenize(content ?? '').map(({ token }) => ({ token, logprob: -0.5 }))
        ).map((t) => ({
          ...t,
          bytes: [...Buffer.from(t.token)],
          top_logprobs: [],
        })),
        refusal: null,
      }
    : null;
  return {
    json: {
      id: `chatcmpl-${sequence}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, logprobs, finish_reason: viaTool ? 'tool_calls' : 'stop' }],
      usage: {
        prompt_tokens: inputTokens,
        completion_tokens: completionTokens,
        total_tokens: inputTokens + completionTokens,
      },
      system_fingerprint: 'fp_fake',
    },
  };
}

function legacyCompletion(
  body: Json,
  tokenLogprob: NonNullable<FakeOpenAIOptions['tokenLogprob']>,
  sequence: number,
): FakeReply {
  const prompt = body.prompt;
  if (typeof prompt !== 'string') return openaiError(400, "'prompt' must be a string");
  const generated = ' ok';
  const wantLogprobs = typeof body.logprobs === 'number';
  const echo = body.echo === true;
  const promptTokens = tokenize(prompt);
  const tokens = [...(echo ? promptTokens : []), { token: generated, offset: prompt.length }];
  const scores = tokens.map((t, i) => (echo && i === 0 ? null : tokenLogprob(t.token, i, prompt)));
  const choice: Json = {
    index: 0,
    text: echo ? prompt + generated : generated,
    finish_reason: 'length',
    logprobs: wantLogprobs
      ? {
          tokens: tokens.map((t) => t.token),
          token_logprobs: scores,
          text_offset: tokens.map((t) => t.offset),
          top_logprobs: tokens.map(() => null),
        }
      : null,
  };
  // vLLM extension: per prompt token {token_id: {logprob, rank, decoded_token}}, the first entry null.
  if (typeof body.prompt_logprobs === 'number') {
    choice.prompt_logprobs = promptTokens.map((t, i) =>
      i === 0
        ? null
        : { [String(i)]: { logprob: tokenLogprob(t.token, i, prompt), rank: 1, decoded_token: t.token } },
    );
  }
  return {
    json: {
      id: `cmpl-${sequence}`,
      object: 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [choice],
      usage: {
        prompt_tokens: promptTokens.length,
        completion_tokens: 1,
        total_tokens: promptTokens.length + 1,
      },
    },
  };
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
}
interface StoredBatch {
  json: Json;
  polls: number;
}

/**
 * A local OpenAI-compatible server speaking the real Chat Completions, Completions, Files and Batch wire
 * formats, for tests that drive the official SDKs and LangChain against it.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeServer> {
  const tokenLogprob = options.tokenLogprob ?? (() => -0.5);
  const pollsUntilDone = options.batchPollsUntilDone ?? 2;
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, StoredBatch>();
  let sequence = 0;

  async function finishBatch(batch: StoredBatch, answer: FakeAnswerFn): Promise<void> {
    const input = files.get(String(batch.json.input_file_id));
    const lines = (input?.content ?? '').split('\n').filter((line) => line.trim());
    const out: string[] = [];
    for (const line of lines) {
      const item = JSON.parse(line) as { custom_id: string; body: Json };
      const reply = await chatCompletion(item.body, answer, ++sequence, true);
      const ok = (reply.status ?? 200) < 400;
      out.push(
        JSON.stringify({
          id: `batch_req_${sequence}`,
          custom_id: item.custom_id,
          response: { status_code: reply.status ?? 200, request_id: `req_${sequence}`, body: reply.json },
          error: ok ? null : { code: 'request_failed', message: 'failed' },
        }),
      );
    }
    const outputId = `file-out-${++sequence}`;
    files.set(outputId, {
      id: outputId,
      filename: 'output.jsonl',
      purpose: 'batch_output',
      content: `${out.join('\n')}\n`,
    });
    Object.assign(batch.json, {
      status: 'completed',
      output_file_id: outputId,
      completed_at: Math.floor(Date.now() / 1000),
      request_counts: { total: lines.length, completed: lines.length, failed: 0 },
    });
  }

  const route = async (request: FakeHttpRequest, answer: FakeAnswerFn): Promise<FakeReply> => {
    const body = (request.body ?? {}) as Json;
    const { method, path } = request;
    if (method === 'POST' && path === '/v1/chat/completions') {
      const reply = await chatCompletion(body, answer, ++sequence, false);
      return options.latencyMs ? { ...reply, delayMs: (reply.delayMs ?? 0) + options.latencyMs } : reply;
    }
    if (method === 'POST' && path === '/v1/completions') {
      const reply = legacyCompletion(body, tokenLogprob, ++sequence);
      return options.latencyMs ? { ...reply, delayMs: options.latencyMs } : reply;
    }
    if (method === 'POST' && path === '/v1/files') {
      const form = await new Request('http://fake/v1/files', {
        method: 'POST',
        headers: { 'content-type': String(request.headers['content-type']) },
        body: new Uint8Array(request.raw),
      }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob)) return openaiError(400, "multipart field 'file' is required");
      const id = `file-${++sequence}`;
      const stored = {
        id,
        filename: (file as File).name ?? 'input.jsonl',
        purpose: String(form.get('purpose')),
        content: await file.text(),
      };
      files.set(id, stored);
      return {
        json: {
          id,
          object: 'file',
          bytes: Buffer.byteLength(stored.content),
          created_at: Math.floor(Date.now() / 1000),
          filename: stored.filename,
          purpose: stored.purpose,
          status: 'processed',
        },
      };
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (method === 'GET' && content) {
      const file = files.get(content[1] as string);
      return file
        ? { body: file.content, headers: { 'content-type': 'application/jsonl' } }
        : openaiError(404, 'No such file');
    }
    if (method === 'POST' && path === '/v1/batches') {
      if (!files.has(String(body.input_file_id)))
        return openaiError(400, `input file ${String(body.input_file_id)} not found`);
      const id = `batch_${++sequence}`;
      const json: Json = {
        id,
        object: 'batch',
        endpoint: body.endpoint,
        errors: null,
        input_file_id: body.input_file_id,
        completion_window: body.completion_window,
        status: 'validating',
        output_file_id: null,
        error_file_id: null,
        created_at: Math.floor(Date.now() / 1000),
        request_counts: { total: 0, completed: 0, failed: 0 },
        metadata: body.metadata ?? null,
      };
      batches.set(id, { json, polls: 0 });
      return { json };
    }
    const batchPath = /^\/v1\/batches\/([^/]+)$/.exec(path);
    if (method === 'GET' && batchPath) {
      const batch = batches.get(batchPath[1] as string);
      if (!batch) return openaiError(404, 'No such batch');
      batch.polls++;
      if (batch.json.status !== 'completed') {
        if (batch.polls >= pollsUntilDone) await finishBatch(batch, answer);
        else batch.json.status = 'in_progress';
      }
      return { json: batch.json };
    }
    return openaiError(404, `fake OpenAI server: no route ${method} ${path}`);
  };

  return startFakeServer(options, route, (origin) => `${origin}/v1`);
}
