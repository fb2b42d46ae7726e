import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeOpenAI } from './index.ts';

let server: FakeServer;
let client: OpenAI;
beforeAll(async () => {
  // A model that "remembers" one fact and "forgot" everything else: what unlearning tests script.
  server = await startFakeOpenAI({
    answer: (input) => (input.text.includes('Alice') ? 'Alice lives in Porto.' : "I don't know."),
  });
  client = new OpenAI({ apiKey: 'x', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());

describe('startFakeOpenAI', () => {
  it('speaks Chat Completions to the official client, with scripted answers and usage', async () => {
    const remembered = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Where does Alice live?' }],
    });
    expect(remembered.choices[0]?.message.content).toBe('Alice lives in Porto.');
    expect(remembered.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 6, total_tokens: 12 });
    const forgot = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'Where does Bob live?' }],
    });
    expect(forgot.choices[0]?.message.content).toBe("I don't know.");
  });

  it('answers forced tool calls with tool_calls and rejects bad requests like the API', async () => {
    server.setAnswer(() => ({ json: { label: 'reject' } }));
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'judge' }],
      tools: [{ type: 'function', function: { name: 'verdict', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'verdict' } },
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ label: 'reject' });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    await expect(client.chat.completions.create({ model: 'm' } as never)).rejects.toMatchObject({
      status: 400,
    });
  });

  it('lets a handler script failures such as 429 with Retry-After', async () => {
    server.setHandler(() => ({
      status: 429,
      headers: { 'retry-after': '7' },
      json: { error: { message: 'rate limited', type: 'requests' } },
    }));
    const error = await client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
    server.setHandler(undefined);
  });
});
