import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@privlens/models';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareUnlearning } from './compare.ts';
import { evaluateUnlearning } from './evaluate.ts';
import { cellScore, type UnlearningReport } from './report.ts';
import { unlearningTable } from './table.ts';
import { type BenchFiles, writeBenchFiles } from './testing/bench-files.ts';
import { scriptedJudge, scriptedLogprob, scriptedMllmuModel } from './testing/scripted-model.ts';

let files: BenchFiles;
const servers: FakeServer[] = [];
let vanilla: UnlearningReport;
let vanillaSeed2: UnlearningReport;
let unlearned: UnlearningReport;

beforeAll(async () => {
  files = writeBenchFiles(mkdtempSync(join(tmpdir(), 'unlearning-extras-')));
  const forgotten = new Set(files.forgetPeople.map((p) => p.id));
  const start = async (forgets: Set<string>) => {
    const server = await startFakeOpenAI({
      answer: scriptedMllmuModel(files.everyone, forgets),
      tokenLogprob: scriptedLogprob(files.everyone, forgets),
    });
    servers.push(server);
    return createModel(`openai-compatible:${server.baseURL}#m`, { cache: false, maxRetries: 0 });
  };
  const judgeServer = await startFakeOpenAI({ answer: scriptedJudge });
  servers.push(judgeServer);
  const judge = createModel(`openai-compatible:${judgeServer.baseURL}#gpt-4o-mini`, {
    cache: false,
    maxRetries: 0,
  });
  const common = {
    profiles: undefined,
    parquet: { forget: files.forget, retain: files.retain, celebrity: files.celebrity, test: files.test },
    fewShotPool: files.fullSet,
    judge,
    logprobs: true,
  };
  const remembering = await start(new Set());
  vanilla = await evaluateUnlearning({ ...common, model: remembering, seed: 1 });
  vanillaSeed2 = await evaluateUnlearning({ ...common, model: remembering, seed: 2 });
  unlearned = await evaluateUnlearning({ ...common, model: await start(forgotten), seed: 1 });
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const v = (
  r: UnlearningReport,
  ...args: Parameters<typeof cellScore> extends [unknown, ...infer A] ? A : never
) => {
  const s = cellScore(r, ...args);
  return s === 'N/A' ? Number.NaN : s.value;
};

describe('judge and log-probability figures', () => {
  it('the factuality judge scores remembered answers 9 and forgotten ones 2', () => {
    expect(v(vanilla, 'forget', 'generation', 'multimodal', 'factuality')).toBe(9);
    expect(v(unlearned, 'forget', 'generation', 'text', 'factuality')).toBe(2);
    expect(v(unlearned, 'retain', 'generation', 'text', 'factuality')).toBe(9);
  });

  it('TOFU figures on text questions: the truth is likelier when remembered, indifferent when forgotten', () => {
    const truth = Math.exp(-0.05);
    const normalised = truth / (truth + 3 * Math.exp(-2));
    expect(v(vanilla, 'forget', 'classification', 'text', 'normalisedProbability')).toBeCloseTo(
      normalised,
      12,
    );
    expect(v(unlearned, 'forget', 'classification', 'text', 'normalisedProbability')).toBeCloseTo(0.25, 12);
    // Forget side: min(R, 1/R) is 1 at indifference; retain side: max(0, 1 − R) with R = e^(−2)/e^(−0.05).
    expect(v(unlearned, 'forget', 'classification', 'text', 'truthRatio')).toBeCloseTo(1, 12);
    expect(v(unlearned, 'retain', 'classification', 'text', 'truthRatio')).toBeCloseTo(
      1 - Math.exp(-1.95),
      12,
    );
    expect(v(vanilla, 'retain', 'generation', 'text', 'gtProbability')).toBeCloseTo(truth, 12);
    expect(v(unlearned, 'forget', 'cloze', 'text', 'gtProbability')).toBeCloseTo(Math.exp(-1.5), 12);
    // Multimodal questions cannot be scored through a text completions endpoint.
    expect(cellScore(vanilla, 'forget', 'generation', 'multimodal', 'gtProbability')).toBe('N/A');
  });
});

describe('compareUnlearning and the paper table', () => {
  it('finds the forget drop, no retain drop, and calls the drop larger than run-to-run noise', () => {
    const comparison = compareUnlearning([vanilla, unlearned], { replicates: [vanillaSeed2] });
    const [model] = comparison.models;
    const cls = model?.forget.find(
      (d) =>
        d.set === 'forget' &&
        d.task === 'classification' &&
        d.modality === 'multimodal' &&
        d.metric === 'accuracy',
    );
    expect(cls?.drop).toMatchObject({ value: 1, ci: [1, 1] });
    expect(cls?.retainDrop).toMatchObject({ value: 0 });
    expect(cls?.celebrityDrop).toMatchObject({ value: 0 });
    expect(cls?.verdict).toBe('exceeds-noise');
    expect(cls?.beyondRetain).toBe(true);
    const rouge = model?.forget.find(
      (d) => d.set === 'test' && d.task === 'generation' && d.metric === 'rougeL',
    );
    expect(rouge?.verdict).toBe('exceeds-noise');
    // The same model under another seed shows no drop at all: within noise.
    const self = compareUnlearning([vanilla, vanillaSeed2]).models[0]!;
    expect(self.forget.every((d) => d.verdict === 'within-noise')).toBe(true);
  });

  it('a noise floor from replicates can swallow a small drop', () => {
    // A replicate that differs from the baseline as much as the unlearned model does sets a floor at the drop.
    const comparison = compareUnlearning([vanilla, unlearned], { replicates: [unlearned] });
    const d = comparison.models[0]!.forget.find(
      (x) => x.set === 'forget' && x.task === 'cloze' && x.metric === 'accuracy',
    );
    expect(d?.noise).toBe(1);
    expect(d?.verdict).toBe('within-noise');
  });

  it('prints the paper layout with both models and the drop table', () => {
    const table = unlearningTable(compareUnlearning([vanilla, unlearned]));
    expect(table).toContain('| Model | Forget Set Class. Acc | Forget Set ROUGE-L |');
    const paperPart = table.slice(0, table.indexOf('### Drops'));
    const rows = paperPart.split('\n').filter((l) => l.startsWith('| openai-compatible:'));
    expect(rows).toHaveLength(4);
    // multimodal block: vanilla first (all 100), then the unlearned model with 0 on forget.
    expect(rows[0]?.split(' | ').slice(1, 2)).toEqual(['100.00']);
    expect(rows[1]?.split(' | ').slice(1, 2)).toEqual(['0.00']);
    expect(table).toContain(
      `| ${unlearned.model.label} | forget | classification | multimodal | accuracy | 100.0 [100.0, 100.0] | 0.0 [0.0, 0.0]`,
    );
    expect(JSON.parse(JSON.stringify(vanilla)).cells).toEqual(vanilla.cells);
  });
});
