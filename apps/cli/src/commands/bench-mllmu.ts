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
import { modelFromFlag, withEpoch } from '../models.ts';
import { createProgress } from '../progress.ts';
import { summarizeRun } from '../report/summarize.ts';
import { epochRunId, getRun, interruptedError } from '../run-session.ts';

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
  /** Every question asked this many times (default 1; older runs have none). */
  epochs?: number;
}

/** Per cell, the headline metric of each epoch and its range: how much a rerun moves the score. */
export interface EpochSpread {
  cell: string;
  metric: string;
  values: (number | null)[];
  range: number | null;
}

function epochSpread(summary: ReturnType<typeof summarizeRun>): EpochSpread[] {
  if (summary.type !== 'unlearning' || summary.variants.length < 2) return [];
  const out: EpochSpread[] = [];
  for (const cell of summary.variants[0]?.cells ?? []) {
    const metric = cell.task === 'generation' ? 'rougeL' : 'accuracy';
    const values = summary.variants.map((v) => {
      const score = v.cells.find(
        (c) => c.set === cell.set && c.task === cell.task && c.modality === cell.modality,
      )?.metrics[metric];
      return score && score !== 'N/A' ? score.value : null;
    });
    const known = values.filter((x): x is number => x !== null);
    out.push({
      cell: `${cell.set}/${cell.task}/${cell.modality}`,
      metric,
      values,
      range: known.length > 1 ? Math.max(...known) - Math.min(...known) : null,
    });
  }
  return out;
}

/**
 * MLLMU-Bench against one model: evaluateUnlearning appends each question to the run as it is answered. It has
 * no epoch option, so each epoch is one evaluateUnlearning run of its own (epochRunId), with the epoch in every
 * request so repeats are asked, not served from the cache.
 */
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
  if (flags.resume && run.kind !== 'mllmu')
    throw new CliError(`run ${run.id} is a "${run.kind}" run, not "mllmu"`, EXIT.usage, { run: run.id });
  const config = flags.resume ? (run.config as MllmuRunConfig) : given;
  const epochs = config.epochs ?? 1;
  const sets = Object.keys(config.parquet) as EvalSet[];
  if (sets.length === 0)
    throw new CliError('bench mllmu needs at least one of --forget/--test/--retain/--celebrity', EXIT.usage);
  store.runs.setStatus(run.id, 'running');
  context.warn(
    `${flags.resume ? 'resuming' : 'run'} ${run.id} (mllmu, sets ${sets.join(', ')}${epochs > 1 ? `, ${epochs} epochs` : ''})`,
  );
  const model = modelFromFlag(config.model, 'target', store, {
    cache: config.cache,
    concurrency: flags.concurrency,
  });
  const judge = config.judge
    ? modelFromFlag(config.judge, 'judge', store, { cache: config.cache })
    : undefined;
  const progress = createProgress('mllmu', 0, { quiet: context.global.quiet });
  let seen = 0;
  let current = run.id;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      current = epochRunId(run.id, epoch);
      await evaluateUnlearning({
        parquet: Object.fromEntries(
          Object.entries(config.parquet).map(([k, v]) => [k, v.map((f) => resolve(f))]),
        ),
        ...(config.forgetIds ? { ids: { forget: loadMllmuSplitIds(resolve(config.forgetIds)) } } : {}),
        sets,
        tasks: config.tasks,
        modalities: config.modalities,
        model: withEpoch(model, epoch),
        ...(judge ? { judge } : {}),
        seed: config.seed,
        store,
        runId: current,
        concurrency: flags.concurrency,
        signal: context.signal,
        onRecord() {
          seen++;
          progress.setTotal(seen + 1);
          progress.tick();
        },
      });
    }
  } catch (error) {
    progress.stop();
    if (isAbort(error, context.signal)) {
      // evaluateUnlearning marks its run cancelled on an abort; a signal is an interruption, to be resumed.
      for (const id of new Set([run.id, current]))
        if (store.runs.get(id)) store.runs.setStatus(id, 'interrupted');
      throw interruptedError(run.id);
    }
    store.runs.setStatus(run.id, 'failed');
    throw error;
  }
  progress.setTotal(seen);
  progress.stop();
  store.runs.setStatus(run.id, 'done');
  const summary = summarizeRun(store, run.id);
  context.say(`run ${run.id}: ${summary.headlineText}`);
  const spread = epochSpread(summary);
  if (spread.length > 0) {
    context.say(`spread over ${epochs} epochs (headline metric per cell):`);
    for (const s of spread)
      context.say(
        `  ${s.cell} ${s.metric}: ${s.values.map((v) => (v === null ? 'N/A' : v.toFixed(3))).join(', ')}  range ${s.range === null ? 'N/A' : s.range.toFixed(3)}`,
      );
  }
  const result = {
    run: run.id,
    kind: 'mllmu',
    epochs: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, run: epochRunId(run.id, i + 1) })),
    questions: seen,
    spendUsd: model.stats().costUsd,
    summary: summary.headline,
    ...(spread.length > 0 ? { spread } : {}),
  };
  emitJson(context, result);
  return result;
}
