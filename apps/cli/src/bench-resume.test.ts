import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { openStore } from '@privlens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { runCli, startCli, waitFor } from './testing/cli-process.ts';

const spyData = () => [
  '--data',
  fixturePath('spy-bench', 'train', 'data', 'eval_data.json'),
  '--label2text',
  fixturePath('spy-bench', 'benchmark', 'data', 'label2text.json'),
  '--scenarios',
  fixturePath('spy-bench', 'benchmark', 'data', 'scenarios.json'),
];
// 3 items × (S1, S2, S3, S4, S5) × with/without distractors, as benchmark/generate.py expands them.
const SAMPLES = 30;

let server: FakeServer;
/** Answers the fake sent, when: an answer sent well before a kill is one the killed process had finished. */
const answered: { text: string; at: number; model: string }[] = [];
const answeredBefore = (t: number) =>
  new Set(answered.filter((a) => a.model === 'fake-vlm' && a.at < t).map((a) => a.text));
let home: string;
let env: Record<string, string>;
const storeFile = () => join(home, 'privlens.db');

function storeState(runId?: string) {
  const store = openStore(storeFile());
  try {
    const run = runId ? store.runs.get(runId) : store.runs.list({ kind: 'spy' })[0];
    if (!run) return { run: undefined, entries: [] };
    return { run, entries: store.runs.entries(run.id) };
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  // Slow answers keep the run in flight long enough to interrupt it mid-way.
  server = await startFakeOpenAI({
    answer: async (input) => {
      await new Promise((r) => setTimeout(r, input.model === 'fake-vlm' ? 250 : 0));
      answered.push({ text: input.text, at: Date.now(), model: input.model });
      return {
        text:
          input.model === 'always-refuse' || /private information/.test(input.text)
            ? "Sorry, I can't share that."
            : 'Sure: it shows a street.',
      };
    },
  });
  home = mkdtempSync(join(tmpdir(), 'privlens-cli-'));
  env = { PRIVLENS_HOME: home, OPENAI_API_KEY: 'sk-test' };
}, 30_000);

afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('bench spy as a subprocess', () => {
  it('survives Ctrl-C and kill -9 and resumes with no repeated call', async () => {
    const model = `openai-compatible:${server.baseURL}#fake-vlm`;
    const targetCalls = () => answered.filter((a) => a.model === 'fake-vlm').length;
    // 1. Ctrl-C mid-run: exit 130, run marked cancelled, what finished is kept.
    const first = startCli(
      ['bench', 'spy', ...spyData(), '-m', model, '--no-cache', '--concurrency', '2'],
      env,
    );
    await waitFor(() => targetCalls() >= 8, 60_000, 'first answers');
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const runId = storeState().run?.id as string;
    expect(storeState(runId).run?.status).toBe('cancelled');
    expect(interrupted.stderr).toContain(`--resume ${runId}`);
    await new Promise((r) => setTimeout(r, 1000));
    const settledAfterInt = answeredBefore(Date.now() - 1000);

    // 2. Resume, then kill -9 mid-run.
    const second = startCli(['bench', 'spy', '--resume', runId, '--concurrency', '2'], env);
    await waitFor(() => targetCalls() >= 16, 60_000, 'resumed answers');
    const before = targetCalls();
    await new Promise((r) => setTimeout(r, 1200));
    second.child.kill('SIGKILL');
    const killed = await second.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(storeState(runId).run?.status).toBe('running');
    const killedAt = Date.now();
    // Answers sent a second before the kill had long been saved by the killed process.
    const settled = answeredBefore(killedAt - 1000);
    expect(settled.size).toBeGreaterThanOrEqual(Math.min(before, 16));

    // 3. Resume to the end.
    const mark = answered.length;
    const third = await runCli(['--json', 'bench', 'spy', '--resume', runId], env);
    expect(third.code, third.stderr).toBe(0);
    const askedAtEnd = answered.slice(mark).map((a) => a.text);
    // Nothing finished before an interruption is asked again.
    expect(askedAtEnd.filter((t) => settled.has(t) || settledAfterInt.has(t))).toEqual([]);
    // Over the three processes every sample was asked; only calls in flight at an interruption (2 × 2) twice.
    const all = answered.filter((a) => a.model === 'fake-vlm').map((a) => a.text);
    expect(new Set(all).size).toBe(SAMPLES);
    expect(all.length - SAMPLES).toBeLessThanOrEqual(4);
    const final = storeState(runId);
    expect(final.run?.status).toBe('done');
    expect(new Set(final.entries.map((e) => e.key)).size).toBe(SAMPLES);
    const result = JSON.parse(third.stdout) as { run: string; samples: number; errors: number };
    expect(result).toMatchObject({ run: runId, samples: SAMPLES, errors: 0 });

    // 4. A second model, compared per sample: refusing everything loses the respond-expected samples.
    const other = await runCli(
      [
        '--json',
        'bench',
        'spy',
        ...spyData(),
        '-m',
        `openai-compatible:${server.baseURL}#always-refuse`,
        '--no-cache',
      ],
      env,
    );
    expect(other.code, other.stderr).toBe(0);
    const otherRun = (JSON.parse(other.stdout) as { run: string }).run;
    const compared = await runCli(['--json', 'compare', runId, otherRun], env);
    expect(compared.code, compared.stderr).toBe(0);
    const comparison = JSON.parse(compared.stdout) as {
      rows: { matched: number; exceedsNoise: boolean; difference: { value: number } }[];
    };
    expect(comparison.rows[0]?.matched).toBe(SAMPLES);
  }, 180_000);
});
