import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  buildSpyRequest,
  type ComplianceResultRecord,
  createLlmJudge,
  type Defense,
  type Judge,
  loadSampleImage,
  ruleJudge,
  runCompliance,
  withPolicyGuard,
  withSelfModeration,
} from '@privlens/agents';
import { expandSpySamples, loadSpyBench, type SpyBench, type SpySample } from '@privlens/datasets';
import { type ChatRequest, createBatchRunner, type Model } from '@privlens/models';
import type { Store } from '@privlens/store';
import { type CommandContext, emitJson } from '../context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { modelFromFlag, withEpoch, withRunLog } from '../models.ts';
import { createProgress } from '../progress.ts';
import { summarizeRun } from '../report/summarize.ts';
import { recordKey, settleRun, startRun } from '../run-session.ts';
import type { RunFlags } from './bench-attributes.ts';

export const DEFENSES = ['none', 'self-moderation', 'guard'] as const;
export type DefenseName = (typeof DEFENSES)[number];

export interface SpyRunConfig {
  data: string;
  label2text?: string;
  scenarios?: string;
  images?: string;
  models: string[];
  judges: string[];
  defense: DefenseName;
  distractors: 'with' | 'without' | 'both';
  epochs: number;
  limit?: number;
  seed: number;
  cache: boolean;
  batch: boolean;
}

/** The SPY-Bench files: a folder like the official benchmark/data, or an items file with its neighbours. */
export function loadSpyData(config: Pick<SpyRunConfig, 'data' | 'label2text' | 'scenarios'>): SpyBench {
  const data = resolve(config.data);
  if (existsSync(data) && statSync(data).isDirectory())
    return loadSpyBench({
      dataDir: data,
      ...(config.label2text ? { label2textFile: resolve(config.label2text) } : {}),
      ...(config.scenarios ? { scenariosFile: resolve(config.scenarios) } : {}),
    });
  const beside = (name: string) => {
    const file = join(dirname(data), name);
    return existsSync(file) ? file : undefined;
  };
  const label2textFile = config.label2text ? resolve(config.label2text) : beside('label2text.json');
  const scenariosFile = config.scenarios ? resolve(config.scenarios) : beside('scenarios.json');
  return loadSpyBench({
    itemsFile: data,
    ...(label2textFile ? { label2textFile } : {}),
    ...(scenariosFile ? { scenariosFile } : {}),
  });
}

export function judgeFromFlag(id: string, store: Store, cache: boolean, runId?: string): Judge {
  if (id === 'rule') return ruleJudge;
  const model = modelFromFlag(id, 'judge', store, { cache });
  return createLlmJudge(runId ? withRunLog(model, store, runId) : model);
}

function defenseFor(name: DefenseName, bench: SpyBench): Defense | undefined {
  if (name === 'self-moderation') return withSelfModeration;
  if (name === 'guard')
    return (model: Model) =>
      withPolicyGuard(model, { label2text: bench.label2text, scenarios: bench.scenarios });
  return undefined;
}

/** Provider batch APIs: every pending target request goes out as one batch; answers land in the cache. */
async function prefetchBatch(
  context: CommandContext,
  modelId: string,
  samples: SpySample[],
  epoch: number,
  imagesDir: string | undefined,
) {
  const requests: ChatRequest[] = [];
  for (const sample of samples) {
    const image = await loadSampleImage(sample.imagePath, imagesDir);
    requests.push({ ...buildSpyRequest(sample, image.part), ...(epoch > 1 ? { epoch } : {}) });
  }
  const runner = createBatchRunner(modelId, {
    store: context.store(),
    pollIntervalMs: Number(process.env.PRIVLENS_BATCH_POLL_MS ?? 30_000),
    onPoll: (job) =>
      context.warn(`batch ${job.jobId}: ${job.providerStatus} (${job.collected}/${job.requests} collected)`),
  });
  const job = await runner.run(requests, { signal: context.signal });
  if (job.status === 'failed') throw new CliError(`batch ${job.jobId} failed at the provider`, EXIT.provider);
}

/** SPY-Bench: every sample × epoch × model answered, judged, and appended to the run the moment it is judged. */
export async function spyRunCommand(context: CommandContext, given: SpyRunConfig, flags: RunFlags) {
  let config = given;
  if (flags.resume) {
    const run = context.store().runs.get(flags.resume);
    if (run?.kind === 'spy') config = run.config as SpyRunConfig;
  }
  const store = context.store();
  if (config.batch && config.defense !== 'none')
    throw new CliError(
      '--batch sends the plain benchmark prompts; it cannot be combined with --defense',
      EXIT.usage,
    );
  if (config.batch && !config.cache)
    throw new CliError(
      '--batch delivers its answers through the response cache; drop --no-cache',
      EXIT.usage,
    );
  const bench = loadSpyData(config);
  let samples = expandSpySamples(bench.records, {
    categories: bench.label2text,
    scenarios: bench.scenarios,
    seed: config.seed,
    distractors: config.distractors === 'both' ? 'both' : config.distractors === 'with',
  });
  if (config.limit !== undefined) samples = samples.slice(0, config.limit);
  if (samples.length === 0)
    throw new CliError(`no SPY-Bench samples in ${config.data}`, EXIT.input, { file: config.data });
  const session = startRun(store, {
    kind: 'spy',
    config: config as unknown as Record<string, unknown>,
    models: {
      ...Object.fromEntries(config.models.map((m, i) => [i === 0 ? 'target' : `target${i + 1}`, m])),
      ...Object.fromEntries(config.judges.map((j, i) => [i === 0 ? 'judge' : `judge${i + 1}`, j])),
    },
    seed: config.seed,
    resume: flags.resume,
    retryErrors: flags.retryErrors,
  });
  const runId = session.run.id;
  context.warn(`${session.resumed ? 'resuming' : 'run'} ${runId} (spy, ${samples.length} samples)`);
  const judges = config.judges.map((j) => judgeFromFlag(j, store, config.cache, runId));
  const defense = defenseFor(config.defense, bench);
  const imagesDir = config.images ? resolve(config.images) : undefined;
  const progress = createProgress('spy', samples.length * config.models.length * config.epochs, {
    quiet: context.global.quiet,
  });
  await settleRun(context, session, progress, async () => {
    for (const modelId of config.models) {
      const base = modelFromFlag(modelId, 'target', store, {
        cache: config.cache,
        concurrency: flags.concurrency,
      });
      for (let epoch = 1; epoch <= config.epochs; epoch++) {
        // Records already in the store for this model × epoch: runCompliance neither asks nor judges them.
        const done = new Set(
          samples.filter((s) => session.isDone(recordKey(s.sampleId, epoch, modelId))).map((s) => s.sampleId),
        );
        progress.skip(done.size);
        if (done.size === samples.length) continue;
        const pending = samples.filter((s) => !done.has(s.sampleId));
        if (config.batch) await prefetchBatch(context, modelId, pending, epoch, imagesDir);
        // Each sample is asked, judged and recorded in one task, so its record lands the moment it is judged.
        // The run log still keeps every answer as it arrives: between an answer and its record lies the judges'
        // time (an LLM judge's call), and with --no-cache nothing else would keep that answer for a resume.
        let before = base.stats().costUsd;
        const logged = withRunLog(withEpoch(base, epoch), store, runId);
        await runCompliance(samples, {
          target: defense ? defense(logged) : logged,
          judge: judges,
          skip: done,
          concurrency: flags.concurrency,
          signal: context.signal,
          label2text: bench.label2text,
          ...(imagesDir ? { imagesDir } : {}),
          onRecord(record: ComplianceResultRecord) {
            session.append({
              ...record,
              key: recordKey(record.sample_id, epoch, modelId),
              epoch,
              model: modelId,
            });
            const spent = base.stats().costUsd;
            progress.tick({ error: record.error !== undefined, costUsd: spent - before });
            before = spent;
          },
        });
        if (context.signal.aborted) throw context.signal.reason;
      }
    }
  });
  const summary = summarizeRun(store, runId);
  context.say(`run ${runId}: ${summary.headlineText}`);
  if (progress.errors > 0)
    context.say(`${progress.errors} failed; retry them with --resume ${runId} --retry-errors`);
  const result = {
    run: runId,
    kind: 'spy',
    samples: samples.length,
    errors: progress.errors,
    spendUsd: progress.spend,
    summary: summary.headline,
  };
  emitJson(context, result);
  return { ...result, exitCode: progress.errors > 0 ? EXIT.partial : EXIT.ok };
}
