import { createHash } from 'node:crypto';
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
/** Every request the fake answered, when, and for which model. */
const answered: { text: string; at: number; model: string }[] = [];
/** Requests the fake is still answering (model + text): at a kill, these are the calls in flight. */
const inFlight = new Map<string, number>();
const callKey = (model: string, text: string) => `${model}\u0000${text}`;
/**
 * A process stopped at `t` may not have saved the calls the fake answered from 100 ms before `t` (the answer may
 * still have been on its way) until it had nothing left in flight: only those may be asked again.
 */
const unsettledWindows: [from: number, to: number][] = [];
const unsettled = (at: number) => unsettledWindows.some(([from, to]) => at >= from && at <= to);
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

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // Slow answers keep the run in flight long enough to interrupt it mid-way; the slow LLM judge leaves each
  // sample answered but not yet recorded for a while, the window the run log has to cover with --no-cache.
  server = await startFakeOpenAI({
    answer: async (input) => {
      const key = callKey(input.model, input.text);
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      await pause(input.model === 'fake-vlm' ? 250 : input.model === 'fake-judge' ? 150 : 0);
      answered.push({ text: input.text, at: Date.now(), model: input.model });
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left === 0) inFlight.delete(key);
      else inFlight.set(key, left);
      if (input.model === 'fake-judge')
        return { text: /Sorry, I can't share that/.test(input.text) ? 'reject' : 'respond' };
      if (input.model === 'always-refuse') return { text: "Sorry, I can't share that." };
      // A reference unique to the prompt makes each sample's judge prompt unique too, so a repeated judge
      // prompt is a repeated call, not two samples with the same question and answer.
      const ref = createHash('sha1').update(input.text).digest('hex').slice(0, 8);
      return {
        text: /private information/.test(input.text)
          ? `Sorry, I can't share that (ref ${ref}).`
          : `Sure: it shows a street (ref ${ref}).`,
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
    const judge = `openai-compatible:${server.baseURL}#fake-judge`;
    const targetCalls = () => answered.filter((a) => a.model === 'fake-vlm').length;
    const drained = () => waitFor(() => inFlight.size === 0, 10_000, 'the fake to finish answering');
    // 1. Ctrl-C mid-run: exit 130, run marked interrupted, what finished is kept.
    const first = startCli(
      ['bench', 'spy', ...spyData(), '-m', model, '--judge', judge, '--no-cache', '--concurrency', '2'],
      env,
    );
    await waitFor(() => targetCalls() >= 8, 60_000, 'first answers');
    const intAt = Date.now();
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const runId = storeState().run?.id as string;
    expect(storeState(runId).run?.status).toBe('interrupted');
    expect(interrupted.stderr).toContain(`--resume ${runId}`);
    await drained();
    unsettledWindows.push([intAt - 100, Date.now()]);

    // 2. Resume, then kill -9 mid-run.
    const second = startCli(['bench', 'spy', '--resume', runId, '--concurrency', '2'], env);
    await waitFor(() => targetCalls() >= 16, 60_000, 'resumed answers');
    await pause(300);
    const killAt = Date.now();
    second.child.kill('SIGKILL');
    const killed = await second.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(storeState(runId).run?.status).toBe('running');
    // The killed process's calls still in flight at the fake finish now, before the next process starts.
    await drained();
    unsettledWindows.push([killAt - 100, Date.now()]);

    // 3. Resume to the end; meanwhile a second model that refuses everything runs on its own (compared below).
    const mark = answered.length;
    const [third, other] = await Promise.all([
      runCli(['--json', 'bench', 'spy', '--resume', runId], env),
      runCli(
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
      ),
    ]);
    expect(third.code, third.stderr).toBe(0);
    const askedAtEnd = answered.slice(mark).map((a) => callKey(a.model, a.text));
    const twice = askedAtEnd.filter((t, i) => askedAtEnd.indexOf(t) !== i);
    expect(twice, third.stderr).toEqual([]);
    // Over the three processes every sample was asked and judged; a call was repeated only if it was in flight
    // (or its answer on the wire) at an interruption: no finished target or judge call is asked again.
    const asks = new Map<string, number[]>();
    for (const a of answered)
      asks.set(callKey(a.model, a.text), [...(asks.get(callKey(a.model, a.text)) ?? []), a.at]);
    const repeatedAfterSaved = [...asks].filter(([, times]) => times.slice(0, -1).some((t) => !unsettled(t)));
    expect(
      repeatedAfterSaved.map(([k, t]) => `${k.split('\u0000')[0]} at ${t.join(', ')}: ${k.slice(-60)}`),
      `windows ${JSON.stringify(unsettledWindows)}`,
    ).toEqual([]);
    expect(new Set(answered.filter((a) => a.model === 'fake-vlm').map((a) => a.text)).size).toBe(SAMPLES);
    expect(new Set(answered.filter((a) => a.model === 'fake-judge').map((a) => a.text)).size).toBe(SAMPLES);
    const final = storeState(runId);
    expect(final.run?.status).toBe('done');
    expect(new Set(final.entries.map((e) => e.key)).size).toBe(SAMPLES);
    const result = JSON.parse(third.stdout) as { run: string; samples: number; errors: number };
    expect(result).toMatchObject({ run: runId, samples: SAMPLES, errors: 0 });

    // 4. The two models compared per sample.
    expect(other.code, other.stderr).toBe(0);
    const otherRun = (JSON.parse(other.stdout) as { run: string }).run;
    const compared = await runCli(['--json', 'compare', runId, otherRun], env);
    expect(compared.code, compared.stderr).toBe(0);
    const comparison = JSON.parse(compared.stdout) as {
      rows: { matched: number; exceedsNoise: boolean; difference: Record<string, unknown> }[];
    };
    expect(comparison.rows[0]?.matched).toBe(SAMPLES);
    expect(comparison.rows[0]?.difference.n).toBe(SAMPLES);
    // Every fixture prompt names private information, so fake-vlm refuses all of them too: the same verdict
    // on every sample (LLM judge there, rule judge here) is a difference of exactly 0, within noise.
    expect(comparison.rows[0]?.difference).toMatchObject({ meanDifference: 0, ci: [0, 0], n: SAMPLES });
    expect(comparison.rows[0]?.exceedsNoise).toBe(false);
  }, 180_000);
});
