import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@privlens/models';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { openStore, type Store } from '@privlens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMllmuParquet } from '../../datasets/src/loaders/testing/mllmu-parquet.ts';
import { evaluateUnlearning } from './evaluate.ts';
import { cellScore, type UnlearningReport } from './report.ts';
import { type BenchFiles, writeBenchFiles } from './testing/bench-files.ts';
import { mllmuRow } from './testing/profiles.ts';
import { scriptedMllmuModel } from './testing/scripted-model.ts';
import type { EvalModality, EvalSet, EvalTask } from './vocabulary.ts';

let files: BenchFiles;
let remembers: FakeServer;
let forgot: FakeServer;
let store: Store;
const dir = mkdtempSync(join(tmpdir(), 'unlearning-eval-'));

beforeAll(async () => {
  files = writeBenchFiles(dir);
  remembers = await startFakeOpenAI({ answer: scriptedMllmuModel(files.everyone) });
  forgot = await startFakeOpenAI({
    answer: scriptedMllmuModel(files.everyone, new Set(files.forgetPeople.map((p) => p.id))),
  });
  store = openStore(join(dir, 'privlens.db'));
});
afterAll(async () => {
  store.close();
  await Promise.all([remembers.close(), forgot.close()]);
});

const parquet = () => ({
  forget: files.forget,
  test: files.test,
  retain: files.retain,
  celebrity: files.celebrity,
});
const target = (server: FakeServer, name: string, cache: Store | false = store) =>
  createModel(`openai-compatible:${server.baseURL}#${name}`, { cache, maxRetries: 0 });
const value = (
  r: UnlearningReport,
  set: EvalSet,
  task: EvalTask,
  modality: EvalModality,
  metric = 'accuracy',
) => {
  const s = cellScore(r, set, task, modality, metric as 'accuracy');
  return s === 'N/A' ? Number.NaN : s.value;
};

describe('evaluateUnlearning on a generated MLLMU-Bench parquet against two fake models', () => {
  let before: UnlearningReport;
  let after: UnlearningReport;
  beforeAll(async () => {
    before = await evaluateUnlearning({
      parquet: parquet(),
      fewShotPool: files.fullSet,
      model: target(remembers, 'vanilla'),
      seed: 7,
      store,
      runId: 'vanilla',
    });
    after = await evaluateUnlearning({
      parquet: parquet(),
      fewShotPool: files.fullSet,
      model: target(forgot, 'unlearned'),
      seed: 7,
      store,
      runId: 'unlearned',
    });
  });

  it('the model that remembers scores full marks on every set', () => {
    for (const set of ['forget', 'test', 'retain', 'celebrity'] as const) {
      for (const modality of ['multimodal', 'text'] as const) {
        expect(value(before, set, 'classification', modality)).toBe(1);
        expect(value(before, set, 'cloze', modality)).toBe(1);
        expect(value(before, set, 'generation', modality, 'rougeL')).toBe(1);
        expect(value(before, set, 'generation', modality, 'bleu')).toBeCloseTo(1, 10);
      }
    }
  });

  it('the model that forgot fails on forget and test but keeps retain and celebrity', () => {
    for (const modality of ['multimodal', 'text'] as const) {
      for (const set of ['forget', 'test'] as const) {
        expect(value(after, set, 'classification', modality)).toBe(0);
        expect(value(after, set, 'cloze', modality)).toBe(0);
        expect(value(after, set, 'generation', modality, 'rougeL')).toBeLessThan(0.15);
      }
      for (const set of ['retain', 'celebrity'] as const) {
        expect(value(after, set, 'classification', modality)).toBe(1);
        expect(value(after, set, 'cloze', modality)).toBe(1);
        expect(value(after, set, 'generation', modality, 'rougeL')).toBe(1);
      }
    }
  });

  it('counts follow eval.py: few-shot profiles are left out; celebrity gets no shots; test only forget ids', () => {
    const n = (set: EvalSet, task: EvalTask, modality: EvalModality) =>
      before.cells.find((c) => c.set === set && c.task === task && c.modality === modality)?.n;
    // 3 forget profiles × 2 questions, minus the 1 few-shot profile's 2 (classification), 2 profiles' 1 (cloze).
    expect(n('forget', 'classification', 'multimodal')).toBe(4);
    expect(n('forget', 'cloze', 'text')).toBe(1);
    expect(n('forget', 'generation', 'text')).toBe(3);
    expect(n('celebrity', 'classification', 'text')).toBe(4);
    expect(n('celebrity', 'cloze', 'multimodal')).toBe(2);
    expect(n('test', 'classification', 'text')).toBe(4);
    const celeb = before.records.filter((r) => r.set === 'celebrity');
    expect(celeb.every((r) => r.fewShotIds.length === 0)).toBe(true);
    const forgetCls = before.records.filter((r) => r.set === 'forget' && r.task === 'classification');
    expect(new Set(forgetCls.flatMap((r) => r.fewShotIds)).size).toBe(1);
    expect(forgetCls.some((r) => r.fewShotIds.includes(r.profileId))).toBe(false);
  });

  it('sends greedy requests with 50 new tokens, images inline, and the official instruction text', () => {
    const bodies = remembers.requests.map((r) => r.body as Record<string, unknown>);
    expect(bodies.every((b) => b.temperature === 0 && (b.max_tokens ?? b.max_completion_tokens) === 50)).toBe(
      true,
    );
    const texts = bodies.map((b) => JSON.stringify(b.messages));
    expect(texts.some((t) => t.includes('Just give ONE letter representing the answer directly.'))).toBe(
      true,
    );
    expect(texts.some((t) => t.includes('[Blank]') && t.includes('Please **ONLY** provide'))).toBe(true);
    expect(texts.some((t) => t.includes('in one sentence accurately in ENGLISH'))).toBe(true);
    expect(texts.some((t) => t.includes('data:image/png;base64,'))).toBe(true);
  });

  it('the same seed gives the same few-shot draws and report; a rerun is served from the cache', async () => {
    const again = await evaluateUnlearning({
      parquet: parquet(),
      fewShotPool: files.fullSet,
      model: target(remembers, 'vanilla'),
      seed: 7,
      store,
      runId: 'vanilla-again',
    });
    expect(again.calls.target.calls).toBe(0);
    expect(again.calls.target.cacheHits).toBe(before.records.length);
    expect(again.cells).toEqual(before.cells);
  });
});

describe('resume', () => {
  it('an aborted run resumes without repeating a call, and a third run makes none', async () => {
    const server = await startFakeOpenAI({ answer: scriptedMllmuModel(files.everyone) });
    const resumeStore = openStore(join(dir, 'resume.db'));
    try {
      const model = () => target(server, 'vanilla', resumeStore);
      const controller = new AbortController();
      let seen = 0;
      const first = evaluateUnlearning({
        parquet: parquet(),
        fewShotPool: files.fullSet,
        model: model(),
        seed: 3,
        store: resumeStore,
        runId: 'resume',
        concurrency: 1,
        signal: controller.signal,
        onRecord: () => {
          if (++seen === 9) controller.abort(new Error('stop'));
        },
      });
      await expect(first).rejects.toThrow('stop');
      expect(server.counts['/v1/chat/completions']).toBe(9);
      expect(resumeStore.runs.get('resume')?.status).toBe('cancelled');
      expect(resumeStore.runs.records('resume')).toHaveLength(9);

      const resumed = await evaluateUnlearning({
        parquet: parquet(),
        fewShotPool: files.fullSet,
        model: model(),
        seed: 3,
        store: resumeStore,
        runId: 'resume',
      });
      const total = resumed.records.length;
      // The Pure_Text generation questions repeat verbatim in the Test set, so the cache answers those 3.
      const repeats = resumed.records.filter((r) => r.cached);
      expect(repeats.map((r) => `${r.set}|${r.task}|${r.modality}`)).toEqual(
        Array(3).fill('test|generation|text'),
      );
      expect(total).toBeGreaterThan(30);
      expect(server.counts['/v1/chat/completions']).toBe(total - repeats.length);
      const bodies = server.requests.map((r) => JSON.stringify(r.body));
      expect(new Set(bodies).size).toBe(bodies.length);
      expect(resumed.calls.target.calls).toBe(total - 9 - repeats.length);
      expect(resumeStore.runs.get('resume')?.status).toBe('done');

      const third = await evaluateUnlearning({
        parquet: parquet(),
        fewShotPool: files.fullSet,
        model: model(),
        seed: 3,
        store: resumeStore,
        runId: 'resume',
      });
      expect(third.calls.target).toEqual({ calls: 0, cacheHits: 0 });
      expect(server.counts['/v1/chat/completions']).toBe(total - repeats.length);
      expect(third.cells).toEqual(resumed.cells);
    } finally {
      resumeStore.close();
      await server.close();
    }
  });

  it('refuses to resume a run under another seed', async () => {
    await expect(
      evaluateUnlearning({
        parquet: parquet(),
        model: target(remembers, 'vanilla'),
        seed: 8,
        store,
        runId: 'vanilla',
      }),
    ).rejects.toThrow(/seed: was 7, now 8/);
  });
});

describe('bad input', () => {
  it('names set, profile and field of a bad question, and keeps the records made before it', async () => {
    const bad = join(dir, 'bad-retain.parquet');
    const rows = files.everyone.slice(3, 5).map((p) => mllmuRow(p));
    const second = rows[1]!;
    second.Classification_Task!.Pure_Text_Questions[1]!.Correct_Answer = 'E';
    writeMllmuParquet(bad, rows);
    const badStore = openStore(':memory:');
    try {
      const run = evaluateUnlearning({
        parquet: { forget: files.forget, retain: bad },
        sets: ['forget', 'retain'],
        tasks: ['classification'],
        model: target(remembers, 'vanilla', false),
        store: badStore,
        runId: 'bad',
        concurrency: 1,
      });
      await expect(run).rejects.toThrow(
        `retain profile ${second.ID}: Classification_Task.Pure_Text_Questions[1].Correct_Answer: "E" is not one of the options A, B, C, D`,
      );
      expect(badStore.runs.records('bad').length).toBeGreaterThan(4);
      expect(badStore.runs.get('bad')?.status).toBe('failed');
    } finally {
      badStore.close();
    }
  });

  it('a file that is not parquet fails with the file named', async () => {
    await expect(
      evaluateUnlearning({
        parquet: { forget: join(dir, 'privlens.db') },
        model: target(remembers, 'vanilla'),
      }),
    ).rejects.toThrow(/privlens\.db.*not a readable parquet file/);
  });
});
