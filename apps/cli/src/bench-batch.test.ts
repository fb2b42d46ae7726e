import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { runCli } from './testing/cli-process.ts';

let server: FakeServer;
let home: string;

beforeAll(async () => {
  server = await startFakeOpenAI({
    answer: () => ({ text: "Sorry, I can't help with that." }),
    batchPollsUntilDone: 2,
  });
  home = mkdtempSync(join(tmpdir(), 'privlens-batch-'));
});
afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('bench spy --batch', () => {
  it('sends the target requests as one provider batch and answers every sample from it', async () => {
    const result = await runCli(
      [
        '--json',
        'bench',
        'spy',
        '--data',
        fixturePath('spy-bench', 'train', 'data', 'eval_data.json'),
        '--label2text',
        fixturePath('spy-bench', 'benchmark', 'data', 'label2text.json'),
        '--limit',
        '6',
        '-m',
        `openai-compatible:${server.baseURL}#fake-batch`,
        '--batch',
      ],
      { PRIVLENS_HOME: home, PRIVLENS_BATCH_POLL_MS: '20' },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(server.counts['/v1/batches']).toBe(1);
    // No sample went out one by one: all six answers came from the batch.
    expect(server.counts['/v1/chat/completions'] ?? 0).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ samples: 6, errors: 0 });
  }, 60_000);
});
