/**
 * Demonstration run: a generated MLLMU-Bench parquet, the fake OpenAI-compatible server playing a model that
 * remembers and one that forgot the Forget profiles; prints the paper table, the drops, and an abort +
 * resume with server call counts.
 *   node --conditions=source --import tsx packages/unlearning-eval/bench/remembers-vs-forgot.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '@privlens/models';
import { startFakeOpenAI } from '@privlens/models/testing';
import { openStore } from '@privlens/store';
import { compareUnlearning, evaluateUnlearning, unlearningTable } from '../src/index.ts';
import { writeBenchFiles } from '../src/testing/bench-files.ts';
import { scriptedMllmuModel } from '../src/testing/scripted-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'unlearning-bench-'));
const files = writeBenchFiles(dir, { forget: 4, retain: 4, celebrity: 3 });
const forgotten = new Set(files.forgetPeople.map((p) => p.id));
const remembers = await startFakeOpenAI({ answer: scriptedMllmuModel(files.everyone) });
const forgot = await startFakeOpenAI({ answer: scriptedMllmuModel(files.everyone, forgotten) });
const store = openStore(join(dir, 'privlens.db'));
const parquet = { forget: files.forget, test: files.test, retain: files.retain, celebrity: files.celebrity };
const model = (url: string, name: string) =>
  createModel(`openai-compatible:${url}#${name}`, { cache: store, maxRetries: 0 });

const vanilla = await evaluateUnlearning({
  parquet,
  fewShotPool: files.fullSet,
  model: model(remembers.baseURL, 'vanilla'),
  seed: 1,
  store,
});
const replicate = await evaluateUnlearning({
  parquet,
  fewShotPool: files.fullSet,
  model: model(remembers.baseURL, 'vanilla'),
  seed: 2,
  store,
});
const unlearned = await evaluateUnlearning({
  parquet,
  fewShotPool: files.fullSet,
  model: model(forgot.baseURL, 'unlearned'),
  seed: 1,
  store,
});
const comparison = compareUnlearning([vanilla, unlearned], { replicates: [replicate] });
console.log(unlearningTable(comparison));

// Abort after 10 records, then resume under the same runId; count the server's chat calls.
const server = await startFakeOpenAI({ answer: scriptedMllmuModel(files.everyone) });
const resumeModel = () => model(server.baseURL, 'vanilla');
const controller = new AbortController();
let seen = 0;
try {
  await evaluateUnlearning({
    parquet,
    fewShotPool: files.fullSet,
    model: resumeModel(),
    seed: 1,
    store,
    runId: 'resume-demo',
    concurrency: 1,
    signal: controller.signal,
    onRecord: () => {
      if (++seen === 10) controller.abort(new Error('interrupted'));
    },
  });
} catch (error) {
  console.log(`first run: ${(error as Error).message} after ${server.counts['/v1/chat/completions']} calls`);
}
const resumed = await evaluateUnlearning({
  parquet,
  fewShotPool: files.fullSet,
  model: resumeModel(),
  seed: 1,
  store,
  runId: 'resume-demo',
});
const repeats = resumed.records.filter((r) => r.cached).length;
console.log(
  `resumed: ${resumed.records.length} questions, ${resumed.calls.target.calls} new calls, ${repeats} answered by the cache (verbatim repeats), server total ${server.counts['/v1/chat/completions']}`,
);
const third = await evaluateUnlearning({
  parquet,
  fewShotPool: files.fullSet,
  model: resumeModel(),
  seed: 1,
  store,
  runId: 'resume-demo',
});
console.log(
  `third run: ${third.calls.target.calls} calls, server total ${server.counts['/v1/chat/completions']}`,
);
store.close();
await Promise.all([remembers.close(), forgot.close(), server.close()]);
