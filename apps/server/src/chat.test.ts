import { join } from 'node:path';
import { expandSpySamples, loadSpyBench, type SpySample } from '@privlens/datasets';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { startTestServer, type TestServer, tempDir } from './testing/harness.ts';

const root = fixturePath('spy-bench');
const bench = loadSpyBench({
  itemsFile: join(root, 'train/data/eval_data.json'),
  label2textFile: join(root, 'benchmark/data/label2text.json'),
  scenariosFile: join(root, 'benchmark/data/scenarios.json'),
});
const samples = expandSpySamples(bench.records, { categories: bench.label2text, distractors: 'both' });
// S1: the user's own instruction makes the asked category private; S2: it says the category is not private.
const privateAsk = samples.find(
  (s) => s.situation === 'S1' && !s.absolute && s.expected === 'reject',
) as SpySample;
const openAsk = samples.find(
  (s) => s.situation === 'S2' && !s.absolute && s.expected === 'respond',
) as SpySample;

const TOKEN = 'chat-token-0123456789';
const UPSTREAM_ANSWER = 'Upstream says: the person looks about 30.';
let upstream: FakeServer;
let server: TestServer;
const tmp = tempDir();
let client: OpenAI;
let model: string;

beforeAll(async () => {
  upstream = await startFakeOpenAI({ answer: () => UPSTREAM_ANSWER });
  model = `openai-compatible:${upstream.baseURL}#vlm`;
  server = await startTestServer({
    dir: tmp.dir,
    tokens: [TOKEN],
    services: {
      allowModel: (id) => id === model,
      aliases: { 'guarded-vlm': model },
      modelOptions: { apiKey: 'upstream-secret-key-42', cache: false, maxRetries: 0 },
      guard: { label2text: bench.label2text, scenarios: bench.scenarios },
    },
  });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: TOKEN, maxRetries: 0 });
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
  tmp.remove();
});

const upstreamCalls = () => upstream.counts['/v1/chat/completions'] ?? 0;

describe('/v1/chat/completions through the official openai client', () => {
  it('refuses, without calling upstream, a question the user made private', async () => {
    expect(privateAsk).toBeDefined();
    const before = upstreamCalls();
    const completion = await client.chat.completions.create({
      model: 'guarded-vlm',
      messages: [{ role: 'user', content: privateAsk.prompt }],
    });
    const content = completion.choices[0]?.message.content ?? '';
    expect(content).not.toBe(UPSTREAM_ANSWER);
    expect(content).toMatch(/sorry|can't|private/i);
    expect(upstreamCalls()).toBe(before);
    const privlens = (completion as unknown as { privlens: { defense: { action: string; reason: string } } })
      .privlens;
    expect(privlens.defense.action).toBe('evade');
  });

  it('passes an allowed question to the upstream model and returns its answer', async () => {
    const before = upstreamCalls();
    const completion = await client.chat.completions.create({
      model: 'guarded-vlm',
      messages: [{ role: 'user', content: openAsk.prompt }],
      temperature: 0,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe(UPSTREAM_ANSWER);
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(upstreamCalls()).toBe(before + 1);
  });

  it('streams when asked, and +none skips the defense', async () => {
    const stream = await client.chat.completions.create({
      model: 'guarded-vlm+none',
      messages: [{ role: 'user', content: privateAsk.prompt }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(UPSTREAM_ANSWER);
  });

  it('reports bad requests as OpenAI errors naming the field', async () => {
    const notAllowed = await client.chat.completions
      .create({ model: 'openai:gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(notAllowed).toBeInstanceOf(OpenAI.BadRequestError);
    expect((notAllowed as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('model');

    const remoteImage = await client.chat.completions
      .create({
        model: 'guarded-vlm',
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://example.com/a.png' } }] },
        ],
      })
      .catch((e: unknown) => e);
    expect((remoteImage as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(
      'messages.0.content.0.image_url.url',
    );

    const unauthenticated = await new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'wrong',
      maxRetries: 0,
    }).chat.completions
      .create({ model: 'guarded-vlm', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(unauthenticated).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(server.logs.join('\n')).not.toContain('upstream-secret-key-42');
  });
});
