import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@privlens/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createModel } from './create-model.ts';
import { MalformedResponseError, MissingApiKeyError, ModelTimeoutError, ProviderError } from './errors.ts';
import { startFakeOpenAI } from './testing/index.ts';
import type { FakeServer } from './testing/index.ts';
import type { ChatRequest } from './types.ts';

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const Age = z.object({ age: z.number().int(), evidence: z.string() });

let server: FakeServer;
let store: Store;
let seq = 0;
/** A fresh model name per test so each gets its own process-wide limiter. */
const id = () => `openai-compatible:${server.baseURL}#vlm-${++seq}`;
const chatCalls = () => server.counts['/v1/chat/completions'] ?? 0;
const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(() => server.close());
afterEach(() => {
  server.setHandler(undefined);
  server.setAnswer((input) => `echo: ${input.text}`);
  store?.close();
});
const memoryStore = () => {
  store = openStore(':memory:');
  return store;
};

describe('createModel (OpenAI-compatible wire format)', () => {
  it('sends text and image parts as image_url data URLs and reports usage and cost', async () => {
    server.setAnswer((input) => `${input.images.length} image(s), ${input.images[0]?.mimeType}`);
    const model = createModel(id(), {
      cache: false,
      prices: { [`openai-compatible:${server.baseURL}`]: { input: 1, output: 2 } },
    });
    const before = server.requests.length;
    const response = await model.invoke({
      messages: [
        { role: 'system', content: 'You are careful.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where was this taken?' },
            { type: 'image', mimeType: 'image/png', data: PNG_1PX },
          ],
        },
      ],
      temperature: 0,
      maxTokens: 50,
    });
    expect(response.text).toBe('1 image(s), image/png');
    const wire = server.requests[before]?.body as {
      messages: { content: unknown }[];
      temperature: number;
      max_tokens: number;
    };
    expect(wire.messages[1]?.content).toEqual([
      { type: 'text', text: 'Where was this taken?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1PX}` } },
    ]);
    expect(wire).toMatchObject({ temperature: 0, max_tokens: 50 });
    // The fake counts 4 chars a token + 85 per image: "You are careful.Where was this taken?" is 37 chars.
    expect(response.usage).toEqual({ inputTokens: 10 + 85, outputTokens: 6 });
    expect(response.costUsd).toBeCloseTo((95 * 1 + 6 * 2) / 1e6, 12);
    expect(response.cached).toBe(false);
    expect(model.stats()).toMatchObject({ calls: 1, inputTokens: 95, outputTokens: 6 });
  });

  it('answers a repeated request from the cache with no HTTP call, and never caches errors', async () => {
    const model = createModel(id(), { cache: memoryStore(), maxRetries: 0 });
    const first = await model.invoke(ask('hello'));
    const calls = chatCalls();
    const second = await model.invoke(ask('hello'));
    expect(chatCalls()).toBe(calls);
    expect(second).toMatchObject({ text: first.text, cached: true, costUsd: 0, usage: first.usage });
    // A different epoch is a different sample.
    await model.invoke(ask('hello', { epoch: 1 }));
    expect(chatCalls()).toBe(calls + 1);

    server.setHandler((r) =>
      r.path === '/v1/chat/completions' ? { status: 500, json: { error: { message: 'down' } } } : undefined,
    );
    await expect(model.invoke(ask('fails'))).rejects.toBeInstanceOf(ProviderError);
    server.setHandler(undefined);
    const after = await model.invoke(ask('fails'));
    expect(after.cached).toBe(false);
    expect(model.stats()).toMatchObject({ calls: 4, cacheHits: 1, errors: 1 });
  });

  it('shares a cache between models and keeps keys free of secrets; read:false refreshes', async () => {
    const shared = memoryStore();
    const name = id();
    await createModel(name, { cache: shared, apiKey: 'sk-secret-one' }).invoke(ask('shared'));
    const calls = chatCalls();
    const other = await createModel(name, { cache: shared, apiKey: 'sk-secret-two' }).invoke(ask('shared'));
    expect(other.cached).toBe(true);
    expect(chatCalls()).toBe(calls);
    const rows = shared.db.prepare('SELECT key, value FROM cache').all() as { key: string; value: string }[];
    expect(JSON.stringify(rows)).not.toContain('sk-secret');
    const refreshed = await createModel(name, { cache: { store: shared, read: false } }).invoke(
      ask('shared'),
    );
    expect(refreshed.cached).toBe(false);
    expect(shared.cache.clear()).toBe(1);
  });

  it('makes zero network calls when a finished evaluation is rerun on the same store file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'privlens-models-'));
    try {
      const file = join(dir, 'privlens.db');
      const name = id();
      const requests = Array.from({ length: 20 }, (_, i) => ask(`sample ${i}`, { temperature: 0 }));
      const evaluate = async () => {
        const s = openStore(file);
        const model = createModel(name, { cache: s });
        const out = await Promise.all(requests.map((r) => model.invoke(r)));
        s.close();
        return out;
      };
      await evaluate();
      const calls = chatCalls();
      const rerun = await evaluate();
      expect(chatCalls()).toBe(calls);
      expect(rerun.every((r) => r.cached)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses structured output through LangChain json_schema and types a malformed answer', async () => {
    server.setAnswer((input) =>
      input.structured ? { json: { age: 34, evidence: 'mentions turning 34' } } : 'plain',
    );
    const model = createModel(id(), { cache: memoryStore() });
    const response = await model.invoke({ ...ask('How old?'), schema: Age, schemaName: 'age_guess' });
    expect(response.parsed).toEqual({ age: 34, evidence: 'mentions turning 34' });
    const wire = server.requests.at(-1)?.body as {
      response_format: { type: string; json_schema: { name: string } };
    };
    expect(wire.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'age_guess' } });
    const hit = await model.invoke({ ...ask('How old?'), schema: Age, schemaName: 'age_guess' });
    expect(hit).toMatchObject({ cached: true, parsed: { age: 34 } });

    server.setAnswer(() => ({ json: { age: 'thirty', evidence: 3 } }));
    const failure = await model.invoke({ ...ask('How old now?'), schema: Age }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MalformedResponseError);
    expect((failure as MalformedResponseError).retryable).toBe(true);
    expect((failure as MalformedResponseError).issues).toMatch(/age/);
  });

  it('parses structured output sent as a forced tool call (LangChain picks tools for gpt-3.5)', async () => {
    server.setAnswer((input) =>
      input.structured?.via === 'tool' ? { json: { age: 52, evidence: 'grandkids' } } : 'no tool',
    );
    const model = createModel(`openai-compatible:${server.baseURL}#gpt-3.5-turbo`, { cache: false });
    const response = await model.invoke({ ...ask('How old?'), schema: Age, schemaName: 'age_guess' });
    expect(response.parsed).toEqual({ age: 52, evidence: 'grandkids' });
    const wire = server.requests.at(-1)?.body as { tools?: { function: { name: string } }[] };
    expect(wire.tools?.[0]?.function.name).toBe('age_guess');
  });

  it('retries 5xx and dropped connections with backoff; maxRetries 0 means one attempt', async () => {
    let failures = 0;
    server.setHandler((r) => {
      if (r.path !== '/v1/chat/completions') return undefined;
      failures++;
      if (failures === 1) return { status: 503, json: { error: { message: 'overloaded' } } };
      if (failures === 2) return { drop: true };
      return undefined;
    });
    const model = createModel(id(), { cache: false, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    expect((await model.invoke(ask('retry me'))).text).toBe('echo: retry me');
    expect(model.stats()).toMatchObject({ calls: 1, retries: 2, errors: 0 });

    failures = 0;
    const once = createModel(id(), { cache: false, maxRetries: 0 });
    await expect(once.invoke(ask('no retry'))).rejects.toMatchObject({ status: 503, retryable: true });
    expect(failures).toBe(1);
  });

  it('honours Retry-After without holding its slot', async () => {
    const name = id();
    let first = true;
    const served: string[] = [];
    server.setHandler((r) => {
      if (r.path !== '/v1/chat/completions') return undefined;
      const text = (r.body as { messages: { content: string }[] }).messages[0]?.content ?? '';
      if (text === 'A' && first) {
        first = false;
        return {
          status: 429,
          headers: { 'retry-after-ms': '300' },
          json: { error: { message: 'slow down', type: 'rate_limit' } },
        };
      }
      served.push(text);
      return undefined;
    });
    // Backoff alone would wait ~5 ms; A's 300 ms wait can only come from Retry-After.
    const model = createModel(name, {
      cache: false,
      concurrency: 1,
      retry: { baseDelayMs: 5, maxDelayMs: 10 },
    });
    const start = performance.now();
    const a = model.invoke(ask('A')).then(() => performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const b = model.invoke(ask('B')).then(() => performance.now() - start);
    const [aMs, bMs] = await Promise.all([a, b]);
    expect(aMs).toBeGreaterThanOrEqual(300);
    // B ran while A slept on Retry-After, on the only slot.
    expect(bMs).toBeLessThan(250);
    expect(served).toEqual(['B', 'A']);
    expect(model.stats().retries).toBe(1);
  });

  it('reads Retry-After from errors raised inside LangChain (structured path)', async () => {
    let once = true;
    server.setHandler((r) => {
      if (r.path !== '/v1/chat/completions' || !once) return undefined;
      once = false;
      return { status: 429, headers: { 'retry-after-ms': '80' }, json: { error: { message: 'slow down' } } };
    });
    server.setAnswer(() => ({ json: { age: 40, evidence: 'x' } }));
    const model = createModel(id(), { cache: false, retry: { baseDelayMs: 5000 } });
    const start = performance.now();
    const response = await model.invoke({ ...ask('structured retry'), schema: Age });
    const elapsed = performance.now() - start;
    expect(response.parsed?.age).toBe(40);
    expect(elapsed).toBeGreaterThanOrEqual(80);
    expect(elapsed).toBeLessThan(1500);
    expect(model.stats().retries).toBe(1);
  });

  it('times out slow answers per attempt and retries them', async () => {
    let slow = 1;
    server.setHandler((r) =>
      r.path === '/v1/chat/completions' && slow-- > 0 ? { delayMs: 400, json: {} } : undefined,
    );
    const model = createModel(id(), {
      cache: false,
      timeoutMs: 100,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    expect((await model.invoke(ask('eventually'))).text).toBe('echo: eventually');
    expect(model.stats().retries).toBe(1);
    slow = 1;
    const strict = createModel(id(), { cache: false, timeoutMs: 100, maxRetries: 0 });
    await expect(strict.invoke(ask('too slow'))).rejects.toBeInstanceOf(ModelTimeoutError);
  });

  it('surfaces a malformed response body as a typed error, without retrying', async () => {
    let calls = 0;
    server.setHandler((r) => {
      if (r.path !== '/v1/chat/completions') return undefined;
      calls++;
      return { body: '{"id": "chatcmpl-1", "choices": [' };
    });
    const model = createModel(id(), { cache: false });
    await expect(model.invoke(ask('garbled'))).rejects.toBeInstanceOf(MalformedResponseError);
    expect(calls).toBe(1);
  });

  it('aborts through the caller signal without retrying', async () => {
    server.setHandler((r) => (r.path === '/v1/chat/completions' ? { delayMs: 2000, json: {} } : undefined));
    const model = createModel(id(), { cache: false });
    const controller = new AbortController();
    const pending = model.invoke(ask('cancel me'), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 30);
    await expect(pending).rejects.toThrow('user cancelled');
    expect(model.stats().retries).toBe(0);
  });

  it('halves concurrency on 429 and grows back when the server recovers', async () => {
    let inFlight = 0;
    let peak = 0;
    let capacity = 4;
    server.setHandler(async (r) => {
      if (r.path !== '/v1/chat/completions') return undefined;
      if (inFlight >= capacity)
        return { status: 429, headers: { 'retry-after-ms': '20' }, json: { error: { message: 'capacity' } } };
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 15));
      inFlight--;
      return undefined;
    });
    const name = id();
    const model = createModel(name, { cache: false, concurrency: { initial: 16, max: 16 }, maxRetries: 20 });
    const { limiterFor } = await import('./limiter.ts');
    const limiter = limiterFor(name);
    await Promise.all(Array.from({ length: 64 }, (_, i) => model.invoke(ask(`load ${i}`))));
    const squeezed = limiter.snapshot();
    expect(squeezed.decreases).toBeGreaterThanOrEqual(1);
    expect(squeezed.limit).toBeLessThanOrEqual(8);
    expect(model.stats().errors).toBe(0);

    capacity = 1000;
    peak = 0;
    await Promise.all(Array.from({ length: 400 }, (_, i) => model.invoke(ask(`recovered ${i}`))));
    expect(limiter.limit).toBe(16);
    expect(limiter.snapshot().increases).toBeGreaterThan(0);
    expect(peak).toBeGreaterThan(squeezed.limit);
  });

  it('returns token logprobs and scores a given completion (echo and vLLM prompt_logprobs)', async () => {
    const model = createModel(id(), { cache: false });
    const response = await model.invoke(ask('say it', { logprobs: true }));
    expect(response.logprobs?.map((t) => t.token).join('')).toBe(response.text);
    expect((server.requests.at(-1)?.body as { logprobs: boolean } | undefined)?.logprobs).toBe(true);

    const scorer = await startFakeOpenAI({ tokenLogprob: (token) => (token.includes('Paris') ? -0.1 : -2) });
    try {
      const scoring = createModel(`openai-compatible:${scorer.baseURL}#base`, { cache: false });
      const scored = await scoring.scoreCompletion?.({
        prompt: 'She was born in',
        completion: ' Paris, France',
      });
      expect(scored?.tokens).toEqual([
        { token: ' Paris,', logprob: -0.1 },
        { token: ' France', logprob: -2 },
      ]);
      // A vLLM server that only gives prompt_logprobs.
      scorer.setHandler((r) => {
        if (r.path !== '/v1/completions') return undefined;
        const pieces = [
          null,
          { 1: { logprob: -1, decoded_token: ' was' } },
          { 2: { logprob: -0.25, decoded_token: ' here' } },
        ];
        return {
          json: {
            id: 'c',
            object: 'text_completion',
            created: 0,
            model: 'base',
            choices: [
              {
                index: 0,
                text: '',
                logprobs: null,
                finish_reason: 'length',
                prompt_logprobs: [{ 0: { logprob: 0, decoded_token: 'She' } }, ...pieces.slice(1)],
              },
            ],
          },
        };
      });
      const vllm = await scoring.scoreCompletion?.({ prompt: 'She was', completion: ' here' });
      expect(vllm).toMatchObject({
        tokens: [{ token: ' here', logprob: -0.25 }],
        sumLogprob: -0.25,
        meanLogprob: -0.25,
      });
    } finally {
      await scorer.close();
    }
  });
});

describe('createModel (keys and routing)', () => {
  it('names the missing key variable', () => {
    expect(() => createModel('openai:gpt-4o', { env: {} })).toThrow(MissingApiKeyError);
    expect(() => createModel('openai:gpt-4o', { env: {} })).toThrow(/OPENAI_API_KEY/);
    expect(() => createModel('anthropic:claude-sonnet-4-5', { env: {} })).toThrow(/ANTHROPIC_API_KEY/);
  });

  it('routes openai: ids to OPENAI_BASE_URL with the key from the environment and prices them', async () => {
    const model = createModel('openai:gpt-4o-2024-08-06', {
      env: { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: server.baseURL },
      cache: false,
    });
    const response = await model.invoke(ask('priced', { maxTokens: 20 }));
    const last = server.requests.at(-1);
    expect(last?.headers.authorization).toBe('Bearer sk-env');
    expect(last?.body).toMatchObject({ model: 'gpt-4o-2024-08-06', max_completion_tokens: 20 });
    // gpt-4o list price from data/prices.json: $2.50 in / $10 out per 1M tokens.
    expect(response.costUsd).toBeCloseTo(
      (response.usage.inputTokens * 2.5 + response.usage.outputTokens * 10) / 1e6,
      12,
    );
  });

  it('exposes the LangChain chat model routed to the same server', async () => {
    const model = createModel(id(), { cache: false });
    const message = await model.chatModel?.invoke('through langchain');
    expect(message?.content).toBe('echo: through langchain');
  });
});
