import { randomUUID } from 'node:crypto';
import { createRoute, type z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { badRequest } from '../http/errors.ts';
import { checkImage, decodeBase64Image } from '../http/image-limits.ts';
import { ChatBody, ChatCompletion, ErrorResponse } from '../schemas.ts';
import type { ChatInput, ChatOutput } from '../services.ts';
import { type App, errorResponses, type RouteContext, withDeadline } from './context.ts';
import { limitBody } from './limits.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/chat/completions',
  summary: 'OpenAI-compatible chat completions from a defended model (policy guard or self-moderation)',
  description:
    "The user's privacy instructions travel in the prompt, as in SPY-Bench; the defense decides whether the upstream model answers. Responses add `privlens.defense` with the decision.",
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: ChatBody } } } },
  responses: {
    200: {
      description: 'a chat.completion (or chat.completion.chunk events when stream is true)',
      content: { 'application/json': { schema: ChatCompletion } },
    },
    ...errorResponses(ErrorResponse, 400, 401, 413, 429, 502, 504),
  },
});

const DEFENSES = ['policy-guard', 'self-moderation', 'none'] as const;

/** `upstream+policy-guard` picks the defense; a plain id gets the server's default. */
export function splitModel(
  model: string,
  fallback: ChatInput['defense'],
): { model: string; defense: ChatInput['defense'] } {
  for (const d of DEFENSES)
    if (model.endsWith(`+${d}`)) return { model: model.slice(0, -(d.length + 1)), defense: d };
  return { model, defense: fallback };
}

function messagesOf(body: z.infer<typeof ChatBody>, ctx: RouteContext): ChatInput['messages'] {
  return body.messages.map((m, i) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((part, j) => {
            if (part.type === 'text') return { type: 'text' as const, text: String(part.text) };
            const field = `messages.${i}.content.${j}.image_url.url`;
            const match = /^data:(image\/(?:png|jpeg));base64,(.*)$/s.exec(String(part.image_url.url));
            if (!match)
              throw badRequest(
                field,
                'only data:image/png or data:image/jpeg base64 URLs are accepted (no remote URLs)',
              );
            const bytes = decodeBase64Image(match[2] as string, field, ctx.limits);
            const header = checkImage(bytes, field, ctx.limits, match[1]);
            return {
              type: 'image' as const,
              mimeType: header.mimeType,
              data: Buffer.from(bytes).toString('base64'),
            };
          }),
  }));
}

function completion(id: string, created: number, model: string, out: ChatOutput) {
  return {
    id,
    object: 'chat.completion' as const,
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content: out.text },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: out.usage.inputTokens,
      completion_tokens: out.usage.outputTokens,
      total_tokens: out.usage.inputTokens + out.usage.outputTokens,
    },
    privlens: { upstream: out.modelId, ...(out.defense ? { defense: out.defense } : {}) },
  };
}

export function registerChat(app: App, ctx: RouteContext): void {
  limitBody(app, '/v1/chat/completions', ctx.limits.scanBodyBytes);
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { model, defense } = splitModel(body.model, ctx.chatDefense);
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    const input: ChatInput = {
      model,
      defense,
      messages: messagesOf(body, ctx),
      ...(body.temperature !== undefined ? { temperature: body.temperature } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
    };
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(ctx.clock.now() / 1000);
    const out = await withDeadline(c, ctx.limits.requestTimeoutMs, (signal) =>
      ctx.services.chat(input, { signal }),
    );
    if (!body.stream) return c.json(completion(id, created, body.model, out), 200);
    // The defended answer is complete before it is sent (a guard decides on the whole request), so the stream
    // carries it as one content chunk, then the finish chunk: what streaming OpenAI clients expect.
    return streamSSE(c, async (stream) => {
      const chunk = (delta: Record<string, string>, finish: string | null) =>
        JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model: body.model,
          choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
        });
      await stream.writeSSE({ data: chunk({ role: 'assistant', content: out.text }, null) });
      await stream.writeSSE({ data: chunk({}, 'stop') });
      await stream.writeSSE({ data: '[DONE]' });
    }) as never;
  });
}
