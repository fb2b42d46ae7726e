import { resolve } from 'node:path';
import { loadMllmuSplitIds } from '@privlens/datasets';
import {
  type EvalModality,
  type EvalSet,
  type EvalTask,
  evaluateUnlearning,
} from '@privlens/unlearning-eval';
import { type CommandContext, emitJson, isAbort, packageVersions } from '../context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { modelFromFlag } from '../models.ts';
import { createProgress } from '../progress.ts';
import { summarizeRun } from '../report/summarize.ts';
import { getRun } from '../run-session.ts';

export interface MllmuRunConfig {
  parquet: Partial<Record<EvalSet, string[]>>;
  forgetIds?: string;
  model: string;
  judge?: string;
  tasks: EvalTask[];
  modalities: EvalModality[];
  seed: number;
  limit?: number;
  cache: boolean;
}

/** MLLMU-Bench against one model: evaluateUnlearning appends each question to the run as it is answered. */
export async function mllmuRunCommand(
  context: CommandContext,
  given: MllmuRunConfig,
  flags: { concurrency: number; resume?: string },
) {
  const store = context.store();
  const run = flags.resume
    ? getRun(store, flags.resume)
    : store.runs.create({
        kind: 'mllmu',
        config: given as unknown as Record<string, unknown>,
        models: { target: given.model, ...(given.judge ? { judge: given.judge } : {}) },
        versions: packageVersions(),
        seed: given.seed,
      });
  const config = flags.resume ? (run.config as MllmuRunConfig) : given;
  const sets = Object.keys(config.parquet) as EvalSet[];
  if (sets.length === 0)
    throw new CliError('bench mllmu needs at least one of --forget/--test/--retain/--celebrity', EXIT.usage);
  store.runs.setStatus(run.id, 'running');
  context.warn(`${flags.resume ? 'resuming' : 'run'} ${run.id} (mllmu, sets ${sets.join(', ')})`);
  const model = modelFromFlag(config.model, 'target', store, {
    cache: config.cache,
    concurrency: flags.concurrency,
  });
  const progress = createProgress('mllmu', 0, { quiet: context.global.quiet });
  let seen = 0;
  try {
    await evaluateUnlearning({
      parquet: Object.fromEntries(
        Object.entries(config.parquet).map(([k, v]) => [k, v.map((f) => resolve(f))]),
      ),
      ...(config.forgetIds ? { ids: { forget: loadMllmuSplitIds(resolve(config.forgetIds)) } } : {}),
      sets,
      tasks: config.tasks,
      modalities: config.modalities,
      model,
      ...(config.judge
        ? { judge: modelFromFlag(config.judge, 'judge', store, { cache: config.cache }) }
        : {}),
      seed: config.seed,
      store,
      runId: run.id,
      concurrency: flags.concurrency,
      signal: context.signal,
      onRecord() {
        seen++;
        progress.setTotal(Math.max(seen, seen + 1));
        progress.tick();
      },
    });
  } catch (error) {
    progress.stop();
    if (isAbort(error, context.signal)) {
      store.runs.setStatus(run.id, 'cancelled');
      throw new CliError(
        `interrupted: run ${run.id} saved; continue with --resume ${run.id}`,
        EXIT.interrupted,
      );
    }
    store.runs.setStatus(run.id, 'failed');
    throw error;
  }
  progress.setTotal(seen);
  progress.stop();
  store.runs.setStatus(run.id, 'done');
  const summary = summarizeRun(store, run.id);
  context.say(`run ${run.id}: ${summary.headlineText}`);
  const result = {
    run: run.id,
    kind: 'mllmu',
    questions: seen,
    spendUsd: model.stats().costUsd,
    summary: summary.headline,
  };
  emitJson(context, result);
  return result;
}
