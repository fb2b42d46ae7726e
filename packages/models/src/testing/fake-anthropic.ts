import { type FakeAnswerFn, type FakeChatInput, normaliseAnswer } from './answers.ts';
import { type FakeHandler, type FakeServer, promptTokens, startFakeServer } from './fake-server.ts';
import { countTokens, type FakeHttpRequest, type FakeReply } from './http.ts';

export interface FakeAnthropicOptions {
  answer?: FakeAnswerFn;
  handler?: FakeHandler;
  latencyMs?: number;
  batchPollsUntilDone?: number;
  record?: boolean;
}

type Json = Record<string, unknown>;

function anthropicError(status: number, type: string, message: string): FakeReply {
  return { status, json: { type: 'error', error: { type, message } } };
}

function messagesInput(body: Json, batch: boolean): FakeChatInput {
  const texts: string[] = [];
  const images: FakeChatInput['images'] = [];
  for (const message of (body.messages as { role: string; content: unknown }[]) ?? []) {
    if (message.role !== 'user') continue;
    const blocks =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : (message.content as Json[]);
    for (const block of blocks) {
      if (block.type === 'text') texts.push(String(block.text));
      if (block.type === 'image') {
        const source = block.source as { media_type: string; data: string };
        images.push({ mimeType: source.media_type, data: source.data });
      }
    }
  }
  const system = Array.isArray(body.system)
    ? (body.system as Json[]).map((b) => String(b.text)).join('\n')
    : String(body.system ?? '');
  const input: FakeChatInput = {
    provider: 'anthropic',
    model: String(body.model),
    system,
    text: texts.join('\n'),
    images,
    logprobs: false,
    body,
    batch,
  };
  if (typeof body.temperature === 'number') input.temperature = body.temperature;
  if (typeof body.max_tokens === 'number') input.maxTokens = body.max_tokens;
  const tools = body.tools as { name: string; input_schema: unknown }[] | undefined;
  if (tools?.length) {
    const choice = body.tool_choice as { type?: string; name?: string } | undefined;
    const tool = tools.find((t) => t.name === choice?.name) ?? tools[0];
    if (tool) input.structured = { name: tool.name, schema: tool.input_schema, via: 'tool' };
  }
  return input;
}

async function message(
  body: Json,
  answerFn: FakeAnswerFn,
  sequence: number,
  batch: boolean,
): Promise<FakeReply> {
  if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    return anthropicError(400, 'invalid_request_error', 'model: Field required; messages: Field required');
  }
  if (typeof body.max_tokens !== 'number')
    return anthropicError(400, 'invalid_request_error', 'max_tokens: Field required');
  const input = messagesInput(body, batch);
  const answer = normaliseAnswer(await answerFn(input));
  if (answer.reply) return answer.reply;
  const toolUse = input.structured && answer.json !== undefined;
  const content = toolUse
    ? [{ type: 'tool_use', id: `toolu_${sequence}`, name: input.structured?.name, input: answer.json }]
    : [{ type: 'text', text: answer.text ?? JSON.stringify(answer.json ?? '') }];
  const inputTokens = answer.usage?.inputTokens ?? promptTokens(input);
  const outputTokens = answer.usage?.outputTokens ?? countTokens(JSON.stringify(content));
  return {
    json: {
      id: `msg_${sequence}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: toolUse ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    },
  };
}

interface StoredBatch {
  json: Json;
  polls: number;
  requests: { custom_id: string; params: Json }[];
  results?: string;
}

/** A local Anthropic Messages API server: /v1/messages (text, images, tool_use) and Message Batches. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeServer> {
  const pollsUntilDone = options.batchPollsUntilDone ?? 2;
  const batches = new Map<string, StoredBatch>();
  let sequence = 0;

  const route = async (
    request: FakeHttpRequest,
    answer: FakeAnswerFn,
    origin: string,
  ): Promise<FakeReply> => {
    const body = (request.body ?? {}) as Json;
    const { method, path } = request;
    if (method === 'POST' && path === '/v1/messages') {
      const reply = await message(body, answer, ++sequence, false);
      return options.latencyMs ? { ...reply, delayMs: options.latencyMs } : reply;
    }
    if (method === 'POST' && path === '/v1/messages/batches') {
      const items = body.requests as StoredBatch['requests'] | undefined;
      if (!Array.isArray(items) || items.length === 0)
        return anthropicError(400, 'invalid_request_error', 'requests: must not be empty');
      const id = `msgbatch_${++sequence}`;
      const now = new Date().toISOString();
      const json: Json = {
        id,
        type: 'message_batch',
        processing_status: 'in_progress',
        request_counts: { processing: items.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
        ended_at: null,
        created_at: now,
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
        archived_at: null,
        cancel_initiated_at: null,
        results_url: null,
      };
      batches.set(id, { json, polls: 0, requests: items });
      return { json };
    }
    const results = /^\/v1\/messages\/batches\/([^/]+)\/results$/.exec(path);
    if (method === 'GET' && results) {
      const batch = batches.get(results[1] as string);
      if (!batch?.results) return anthropicError(404, 'not_found_error', 'results not available');
      return { body: batch.results, headers: { 'content-type': 'application/binary' } };
    }
    const batchPath = /^\/v1\/messages\/batches\/([^/]+)$/.exec(path);
    if (method === 'GET' && batchPath) {
      const batch = batches.get(batchPath[1] as string);
      if (!batch) return anthropicError(404, 'not_found_error', 'batch not found');
      batch.polls++;
      if (batch.json.processing_status !== 'ended' && batch.polls >= pollsUntilDone) {
        const lines: string[] = [];
        let succeeded = 0;
        for (const item of batch.requests) {
          const reply = await message(item.params, answer, ++sequence, true);
          const ok = (reply.status ?? 200) < 400;
          if (ok) succeeded++;
          lines.push(
            JSON.stringify({
              custom_id: item.custom_id,
              result: ok
                ? { type: 'succeeded', message: reply.json }
                : { type: 'errored', error: reply.json },
            }),
          );
        }
        batch.results = `${lines.join('\n')}\n`;
        Object.assign(batch.json, {
          processing_status: 'ended',
          ended_at: new Date().toISOString(),
          request_counts: {
            processing: 0,
            succeeded,
            errored: batch.requests.length - succeeded,
            canceled: 0,
            expired: 0,
          },
          results_url: `${origin}/v1/messages/batches/${batch.json.id}/results`,
        });
      }
      return { json: batch.json };
    }
    return anthropicError(404, 'not_found_error', `fake Anthropic server: no route ${method} ${path}`);
  };

  // The Anthropic SDK appends /v1 itself.
  return startFakeServer(options, route, (origin) => origin);
}
