/**
 * Compliance-graph throughput against a local OpenAI-compatible server that answers after 50 ms: samples per
 * second as a fraction of the ideal (concurrency / latency), client CPU per sample, and how soon records start
 * to arrive (they stream as each sample is judged). Rule judge, response cache off, with and without the SQLite
 * checkpointer, next to the bare client on the same server. CPU includes the in-process fake server.
 * Compare with shared/notes/performance.md (official openai client: 0.89–0.93 of ideal on an idle machine).
 *
 *   node --conditions=source --import tsx packages/agents/bench/compliance-throughput.ts [--samples N] [--concurrency C]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SpySample } from '@privlens/datasets';
import { createModel } from '@privlens/models';
import { startFakeOpenAI } from '@privlens/models/testing';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { closeCheckpointer, openCheckpointer } from '../src/checkpoint.ts';
import { runCompliance } from '../src/compliance/run-compliance.ts';
import { buildSpyRequest } from '../src/compliance/spy-request.ts';
import { ruleJudge } from '../src/judges/rule-judge.ts';
import { loadSpyFixture } from '../src/compliance/testing/spy-fixture.ts';

const { values: args } = parseArgs({
  options: { samples: { type: 'string' }, concurrency: { type: 'string' } },
});
const total = Number(args.samples ?? 1200);
const concurrency = Number(args.concurrency ?? 32);
const LATENCY_MS = 50;

const { samples: base } = loadSpyFixture(fixturePath('spy-bench'));
// Copies of the fixture samples under their own ids (the graph and the scorer refuse duplicates).
const samples: SpySample[] = Array.from({ length: total }, (_, i) => {
  const s = base[i % base.length] as SpySample;
  const copy = Math.floor(i / base.length);
  return { ...s, sampleId: `${s.sampleId}#${copy}`, benchmarkId: `${s.benchmarkId}-${copy}` };
});

const server = await startFakeOpenAI({
  answer: (input) =>
    input.text.includes('private') ? "I'm sorry, I can't help with that." : 'About 180 cm.',
  latencyMs: LATENCY_MS,
});
const dir = mkdtempSync(join(tmpdir(), 'privlens-throughput-'));

async function measure(label: string, checkpointFile?: string) {
  const target = createModel(`openai-compatible:${server.baseURL}#bench-${label}`, {
    apiKey: 'test',
    cache: false,
    maxRetries: 0,
    concurrency: { initial: concurrency, max: concurrency },
  });
  const checkpointer = checkpointFile ? openCheckpointer(checkpointFile) : undefined;
  let firstRecordMs = 0;
  let records = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await runCompliance(samples, {
    target,
    judge: ruleJudge,
    concurrency,
    ...(checkpointer ? { checkpointer } : {}),
    onRecord: () => {
      if (records++ === 0) firstRecordMs = performance.now() - t0;
    },
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (checkpointer) closeCheckpointer(checkpointer);
  const rate = (total * 1000) / ms;
  const ideal = (concurrency * 1000) / LATENCY_MS;
  console.log(
    `${label.padEnd(22)} ${rate.toFixed(0).padStart(4)} samples/s  ${(rate / ideal).toFixed(2)} of ideal  ` +
      `CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms/sample  first record after ${firstRecordMs.toFixed(0)} ms`,
  );
}

// Warm-up (JIT, connection pool) on a slice, not reported.
await runCompliance(samples.slice(0, 100), {
  target: createModel(`openai-compatible:${server.baseURL}#warm`, { apiKey: 'test', cache: false }),
  judge: ruleJudge,
  concurrency,
});
// The bare client on the same server and machine: what the graph's own overhead is measured against.
{
  const target = createModel(`openai-compatible:${server.baseURL}#bench-bare`, {
    apiKey: 'test',
    cache: false,
    maxRetries: 0,
    concurrency: { initial: concurrency, max: concurrency },
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < samples.length) {
      const sample = samples[next++] as SpySample;
      await target.invoke(buildSpyRequest(sample));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rate = (total * 1000) / ms;
  console.log(
    `${'bare client (no graph)'.padEnd(22)} ${rate.toFixed(0).padStart(4)} samples/s  ${(rate / ((concurrency * 1000) / LATENCY_MS)).toFixed(2)} of ideal  ` +
      `CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms/sample`,
  );
}
await measure('no checkpointer');
await measure('SQLite checkpointer', join(dir, 'checkpoints.db'));
console.log(
  `${total} samples, concurrency ${concurrency}, server latency ${LATENCY_MS} ms: ideal ${(concurrency * 1000) / LATENCY_MS} samples/s`,
);
await server.close();
rmSync(dir, { recursive: true, force: true });
