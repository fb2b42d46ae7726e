import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { openStore } from '@privlens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BenchFiles,
  writeBenchFiles,
} from '../../../packages/unlearning-eval/src/testing/bench-files.ts';
import { scriptedMllmuModel } from '../../../packages/unlearning-eval/src/testing/scripted-model.ts';
import { runCli } from './testing/cli-process.ts';

let home: string;
let files: BenchFiles;
let remembers: FakeServer;
let forgot: FakeServer;
let env: Record<string, string>;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'privlens-cli-mllmu-'));
  files = writeBenchFiles(home);
  remembers = await startFakeOpenAI({ answer: scriptedMllmuModel(files.everyone) });
  forgot = await startFakeOpenAI({
    answer: scriptedMllmuModel(files.everyone, new Set(files.forgetPeople.map((p) => p.id))),
  });
  env = { PRIVLENS_HOME: home, OPENAI_API_KEY: 'sk-test' };
}, 30_000);

afterAll(async () => {
  await Promise.all([remembers?.close(), forgot?.close()]);
  if (home) rmSync(home, { recursive: true, force: true });
});

const bench = (server: FakeServer, name: string, ...extra: string[]) =>
  runCli(
    [
      '--json',
      'bench',
      'mllmu',
      '-m',
      `openai-compatible:${server.baseURL}#${name}`,
      '--forget',
      files.forget,
      '--retain',
      files.retain,
      '--tasks',
      'classification',
      'cloze',
      '--seed',
      '3',
      ...extra,
    ],
    env,
  );

describe('bench mllmu and compare as subprocesses', () => {
  it('asks every question once per epoch, reports the spread, and compares forget against retain', async () => {
    // Independent runs, started together to keep the test short.
    const [vanilla, unlearned] = await Promise.all([
      bench(remembers, 'vanilla', '--epochs', '2'),
      bench(forgot, 'unlearned'),
    ]);
    expect(vanilla.code, vanilla.stderr).toBe(0);
    const first = JSON.parse(vanilla.stdout) as {
      run: string;
      questions: number;
      epochs: { epoch: number; run: string }[];
      spread: { cell: string; values: number[]; range: number }[];
    };
    // The epoch is in each request, so epoch 2 is asked again rather than served from the response cache.
    expect(first.questions).toBeGreaterThan(0);
    expect(remembers.counts['/v1/chat/completions']).toBe(first.questions);
    expect(first.epochs.map((e) => e.run)).toEqual([first.run, `${first.run}:e2`]);
    const store = openStore(join(home, 'privlens.db'));
    try {
      expect(store.runs.get(first.run)?.status).toBe('done');
      expect(store.runs.entries(first.run).length * 2).toBe(first.questions);
      expect(store.runs.entries(`${first.run}:e2`).length * 2).toBe(first.questions);
    } finally {
      store.close();
    }
    // Greedy answers from a scripted model: every cell scores the same in both epochs.
    expect(first.spread.map((s) => s.cell).sort()).toEqual([
      'forget/classification/multimodal',
      'forget/classification/text',
      'forget/cloze/multimodal',
      'forget/cloze/text',
      'retain/classification/multimodal',
      'retain/classification/text',
      'retain/cloze/multimodal',
      'retain/cloze/text',
    ]);
    for (const s of first.spread) expect(s).toMatchObject({ values: [1, 1], range: 0 });

    expect(unlearned.code, unlearned.stderr).toBe(0);
    const second = JSON.parse(unlearned.stdout) as { run: string };

    const compared = await runCli(['--json', 'compare', first.run, second.run, '--resamples', '500'], env);
    expect(compared.code, compared.stderr).toBe(0);
    const comparison = JSON.parse(compared.stdout) as {
      kind: string;
      baseline: { replicates: string[] };
      models: {
        forget: {
          set: string;
          task: string;
          metric: string;
          drop: { value: number };
          retainDrop: { value: number };
          verdict: string;
          beyondRetain: boolean;
        }[];
      }[];
    };
    expect(comparison.kind).toBe('mllmu');
    // Epoch 2 of the baseline run is its replicate: the noise floor.
    expect(comparison.baseline.replicates).toHaveLength(1);
    const forget = comparison.models[0]?.forget ?? [];
    const classification = forget.filter((f) => f.task === 'classification' && f.metric === 'accuracy');
    expect(classification).toHaveLength(2);
    for (const row of classification) {
      // It forgot the forget people (wrong letters) and still knows the retain ones.
      expect(row.drop.value).toBe(1);
      expect(row.retainDrop.value).toBe(0);
      expect(row).toMatchObject({ verdict: 'exceeds-noise', beyondRetain: true });
    }
  }, 90_000);
});
