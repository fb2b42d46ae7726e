import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, usageByModel } from './create-model.ts';
import { type FakeServer, startFakeOpenAI } from './testing/index.ts';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAI({
    answer: () => ({ text: 'fine', usage: { inputTokens: 120, outputTokens: 30 } }),
  });
});
afterAll(() => server.close());

describe('usage accounting', () => {
  it('sums provider-reported tokens and cost per Model and per model id across objects', async () => {
    const id = `openai-compatible:${server.baseURL}#usage`;
    const prices = { [id]: { input: 10, output: 40 } };
    const a = createModel(id, { cache: false, prices, role: 'target' });
    const b = createModel(id, { cache: false, prices, role: 'judge' });
    await Promise.all([
      a.invoke({ messages: [{ role: 'user', content: '1' }] }),
      a.invoke({ messages: [{ role: 'user', content: '2' }] }),
    ]);
    await b.invoke({ messages: [{ role: 'user', content: '3' }] });
    const perCall = (120 * 10 + 30 * 40) / 1e6;
    expect(a.stats()).toMatchObject({ calls: 2, inputTokens: 240, outputTokens: 60 });
    expect(a.stats().costUsd).toBeCloseTo(2 * perCall, 12);
    expect(b.role).toBe('judge');
    expect(usageByModel()[id]).toMatchObject({ calls: 3, inputTokens: 360, outputTokens: 90 });
  });

  it('dispatches the offline id to the embedded engine, labelled as the offline baseline', () => {
    const offline = createModel('offline', { role: 'judge' });
    expect(offline.label).toBe('offline-baseline');
    expect(offline.role).toBe('judge');
  });
});
