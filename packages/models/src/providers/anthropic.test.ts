import { openStore } from '@privlens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createModel } from '../create-model.ts';
import { MalformedResponseError, UnsupportedFeatureError } from '../errors.ts';
import { type FakeServer, startFakeAnthropic } from '../testing/index.ts';

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
let server: FakeServer;
let seq = 0;
const env = () => ({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: server.baseURL });
const name = () => `anthropic:claude-sonnet-4-${++seq}`;

beforeAll(async () => {
  server = await startFakeAnthropic({
    answer: (input) =>
      input.structured
        ? { json: { location: 'Lisbon', confidence: 0.7 }, usage: { inputTokens: 1000, outputTokens: 100 } }
        : `saw ${input.images.length} image(s); system: ${input.system}`,
  });
});
afterAll(() => server.close());

describe('createModel (Anthropic Messages API)', () => {
  it('lifts the system turn, sends images as base64 blocks and prices usage from the table', async () => {
    const model = createModel(name(), { env: env(), cache: false });
    const response = await model.invoke({
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where?' },
            { type: 'image', mimeType: 'image/png', data: PNG_1PX },
          ],
        },
      ],
      maxTokens: 64,
    });
    expect(response.text).toBe('saw 1 image(s); system: Be brief.');
    const wire = server.requests.at(-1);
    expect(wire?.headers['x-api-key']).toBe('sk-ant-test');
    expect(wire?.body).toMatchObject({
      max_tokens: 64,
      system: 'Be brief.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } },
          ],
        },
      ],
    });
    // claude-sonnet-4* list price: $3 in / $15 out per 1M tokens.
    const { inputTokens, outputTokens } = response.usage;
    expect(inputTokens).toBeGreaterThan(85);
    expect(response.costUsd).toBeCloseTo((inputTokens * 3 + outputTokens * 15) / 1e6, 12);
  });

  it('gets structured output through a forced tool_use and caches it', async () => {
    const store = openStore(':memory:');
    const Place = z.object({ location: z.string(), confidence: z.number() });
    const model = createModel(name(), { env: env(), cache: store });
    const request = {
      messages: [{ role: 'user' as const, content: 'Where does she live?' }],
      schema: Place,
      schemaName: 'place',
    };
    const response = await model.invoke(request);
    expect(response.parsed).toEqual({ location: 'Lisbon', confidence: 0.7 });
    expect(response.costUsd).toBeCloseTo((1000 * 3 + 100 * 15) / 1e6, 12);
    expect(server.requests.at(-1)?.body).toMatchObject({ tool_choice: { type: 'tool', name: 'place' } });
    const calls = server.counts['/v1/messages'];
    expect((await model.invoke(request)).cached).toBe(true);
    expect(server.counts['/v1/messages']).toBe(calls);
    const Wrong = z.object({ location: z.number() });
    await expect(model.invoke({ ...request, schema: Wrong })).rejects.toBeInstanceOf(MalformedResponseError);
    store.close();
  });

  it('retries a 429 with retry-after, as an Anthropic error body', async () => {
    let once = true;
    server.setHandler((r) => {
      if (r.path !== '/v1/messages' || !once) return undefined;
      once = false;
      return {
        status: 429,
        headers: { 'retry-after': '0.1' },
        json: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } },
      };
    });
    // Backoff alone would wait 2.5–5 s: finishing fast proves the Retry-After header reached the retry layer.
    const model = createModel(name(), { env: env(), cache: false, retry: { baseDelayMs: 5000 } });
    const start = performance.now();
    await model.invoke({ messages: [{ role: 'user', content: 'hi' }] });
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(100);
    expect(elapsed).toBeLessThan(1500);
    expect(model.stats()).toMatchObject({ retries: 1, errors: 0 });
    server.setHandler(undefined);
  });

  it('refuses token log-probabilities with a clear error', async () => {
    const model = createModel(name(), { env: env(), cache: false });
    await expect(
      model.invoke({ messages: [{ role: 'user', content: 'hi' }], logprobs: true }),
    ).rejects.toThrow(UnsupportedFeatureError);
    await expect(model.scoreCompletion?.({ prompt: 'a', completion: 'b' })).rejects.toThrow(
      /does not support token log-probabilities/,
    );
  });
});
