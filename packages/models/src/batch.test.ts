import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@privlens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBatchRunner } from './batch.ts';
import { createModel } from './create-model.ts';
import { type FakeAnswerFn, type FakeServer, startFakeAnthropic, startFakeOpenAI } from './testing/index.ts';
import type { ChatRequest } from './types.ts';

const Label = z.object({ label: z.enum(['respond', 'reject']) });
const requests: ChatRequest[] = [
  ...Array.from({ length: 5 }, (_, i) => ({
    messages: [{ role: 'user' as const, content: `question ${i}` }],
    temperature: 0,
  })),
  { messages: [{ role: 'user', content: 'judge this' }], schema: Label, schemaName: 'verdict' },
];

// In a batch, "poison" fails; online it succeeds.
const answer: FakeAnswerFn = (input) => {
  if (input.batch && input.text === 'poison')
    return { reply: { status: 500, json: { error: { message: 'item failed' } } } };
  return input.structured ? { json: { label: 'reject' } } : `batched: ${input.text}`;
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'privlens-batch-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: {
  provider: string;
  start: () => Promise<FakeServer>;
  id: (s: FakeServer) => string;
  env: (s: FakeServer) => Record<string, string>;
  create: string;
}[] = [
  {
    provider: 'OpenAI Batch API',
    start: () => startFakeOpenAI({ answer, batchPollsUntilDone: 3 }),
    id: () => 'openai:gpt-4o-mini',
    env: (s) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: s.baseURL }),
    create: '/v1/batches',
  },
  {
    provider: 'Anthropic Message Batches',
    start: () => startFakeAnthropic({ answer, batchPollsUntilDone: 3 }),
    id: () => 'anthropic:claude-3-5-haiku-latest',
    env: (s) => ({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: s.baseURL }),
    create: '/v1/messages/batches',
  },
];

describe.each(cases)('createBatchRunner ($provider)', ({ start, id, env, create, provider }) => {
  it('submits once, resumes after a restart, and fills the cache so online calls make no request', async () => {
    const server = await start();
    const file = join(dir, `${provider.replace(/\W+/g, '-')}.db`);
    try {
      const modelId = id(server);
      // First process: submit, poll once (still running), then "die".
      const firstStore = openStore(file);
      const first = createBatchRunner(modelId, { store: firstStore, env: env(server), pollIntervalMs: 5 });
      const submitted = await first.submit(requests);
      expect(submitted).toMatchObject({ status: 'submitted', requests: 6, alreadyCached: 0 });
      expect((await first.poll(submitted.jobId)).status).toBe('submitted');
      firstStore.close();

      // Second process: the job is found in the store; run() resumes it instead of submitting again.
      const store = openStore(file);
      const second = createBatchRunner(modelId, { store, env: env(server), pollIntervalMs: 5 });
      expect(second.pending().map((j) => j.jobId)).toEqual([submitted.jobId]);
      const done = await second.run(requests);
      expect(done).toMatchObject({ jobId: submitted.jobId, status: 'collected', collected: 6, failed: 0 });
      expect(server.counts[create]).toBe(1);
      expect(second.pending()).toEqual([]);

      const before = server.requests.length;
      const model = createModel(modelId, { env: env(server), cache: store });
      const answers = await Promise.all(requests.map((r) => model.invoke(r)));
      expect(server.requests.length).toBe(before);
      expect(answers.every((a) => a.cached)).toBe(true);
      expect(answers[0]?.text).toBe('batched: question 0');
      expect(answers[5]?.parsed).toEqual({ label: 'reject' });
      // Batch results are billed at the table's batch discount (half the online price).
      const entry = store.cache.entry(
        [...store.db.prepare('SELECT key FROM cache LIMIT 1').pluck().all()][0] as string,
      );
      const value = entry?.value as { usage: { inputTokens: number; outputTokens: number }; costUsd: number };
      const price = modelId.startsWith('openai') ? { input: 0.15, output: 0.6 } : { input: 0.8, output: 4 };
      expect(value.costUsd).toBeCloseTo(
        ((value.usage.inputTokens * price.input + value.usage.outputTokens * price.output) / 1e6) * 0.5,
        12,
      );

      // The same set again: everything is cached, nothing is sent.
      const again = await createBatchRunner(modelId, { store, env: env(server) }).submit([
        ...requests,
        requests[0] as ChatRequest,
      ]);
      expect(again.status).toBe('collected');
      const fresh = await createBatchRunner(modelId, { store, env: env(server) }).submit(
        requests.slice(0, 3),
      );
      expect(fresh).toMatchObject({ status: 'nothing-to-do', alreadyCached: 3 });
      expect(server.counts[create]).toBe(1);
      store.close();
    } finally {
      await server.close();
    }
  });
  it('caches only the items that succeeded; a failed item is asked online later', async () => {
    const server = await start();
    const store = openStore(':memory:');
    try {
      const modelId = id(server);
      const mixed: ChatRequest[] = [
        { messages: [{ role: 'user', content: 'fine' }] },
        { messages: [{ role: 'user', content: 'poison' }] },
      ];
      const runner = createBatchRunner(modelId, { store, env: env(server), pollIntervalMs: 1 });
      expect(await runner.run(mixed)).toMatchObject({ status: 'collected', collected: 1, failed: 1 });
      const model = createModel(modelId, { env: env(server), cache: store });
      const [fine, poison] = await Promise.all(mixed.map((r) => model.invoke(r)));
      expect(fine?.cached).toBe(true);
      expect(poison).toMatchObject({ cached: false, text: 'batched: poison' });
    } finally {
      store.close();
      await server.close();
    }
  });
});
