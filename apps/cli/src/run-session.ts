import type { Run, RunStatus, Store } from '@privlens/store';
import { type CommandContext, isAbort, packageVersions } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { Progress } from './progress.ts';

/** What every record this CLI appends carries besides its payload. */
export interface RecordEnvelope {
  /** sample × epoch × model: the unit of resume. */
  key: string;
  epoch: number;
  model: string;
  error?: unknown;
}

export function recordKey(sampleId: string, epoch: number, model: string): string {
  return `${sampleId}|e${epoch}|${model}`;
}

export interface RunSession {
  readonly run: Run;
  readonly resumed: boolean;
  /** Keys whose latest record is final: succeeded, or failed while --retry-errors was not asked. */
  isDone(key: string): boolean;
  /** Commits one record now (kill -9 safe). */
  append(record: RecordEnvelope & Record<string, unknown>): void;
  finish(status: RunStatus): void;
}

export interface StartRunOptions {
  kind: string;
  config: Record<string, unknown>;
  models: Record<string, string>;
  seed?: number;
  resume?: string;
  retryErrors?: boolean;
}

/**
 * evaluateUnlearning keys a question the same in every epoch, so each MLLMU epoch after the first is its own
 * store run beside the CLI's run (which holds epoch 1).
 */
export function epochRunId(runId: string, epoch: number): string {
  return epoch === 1 ? runId : `${runId}:e${epoch}`;
}

/** The latest record of each key: later appends (retries, re-scores) supersede earlier ones. */
export function latestRecords(store: Store, runId: string): Map<string, Record<string, unknown>> {
  const latest = new Map<string, Record<string, unknown>>();
  for (const entry of store.runs.entries(runId)) {
    const record = entry.record as Record<string, unknown>;
    latest.set(entry.key ?? `#${entry.seq}`, record);
  }
  return latest;
}

export function getRun(store: Store, runId: string): Run {
  const run = store.runs.get(runId);
  if (!run)
    throw new CliError(`unknown run "${runId}" (see \`privlens runs\`)`, EXIT.unknownRun, { run: runId });
  return run;
}

export function startRun(store: Store, options: StartRunOptions): RunSession {
  let run: Run;
  const done = new Set<string>();
  if (options.resume) {
    run = getRun(store, options.resume);
    if (run.kind !== options.kind)
      throw new CliError(`run ${run.id} is a "${run.kind}" run, not "${options.kind}"`, EXIT.usage, {
        run: run.id,
        kind: run.kind,
      });
    for (const [key, record] of latestRecords(store, run.id))
      if (record.error === undefined || !options.retryErrors) done.add(key);
    store.runs.setStatus(run.id, 'running');
  } else {
    run = store.runs.create({
      kind: options.kind,
      config: options.config,
      models: options.models,
      versions: packageVersions(),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
  }
  return {
    run,
    resumed: Boolean(options.resume),
    isDone: (key) => done.has(key),
    append(record) {
      store.runs.append(run.id, record, { key: record.key });
      if (record.error === undefined || !options.retryErrors) done.add(record.key);
    },
    finish(status) {
      store.runs.setStatus(run.id, status);
    },
  };
}

/** What a signal leaves behind: every record appended so far, and the way back in. */
export function interruptedError(runId: string): CliError {
  return new CliError(`interrupted: run ${runId} saved; continue with --resume ${runId}`, EXIT.interrupted, {
    run: runId,
  });
}

/**
 * Drives a session's work to the run's final status: done; interrupted on a signal (resumable, so the user is
 * told how); failed on any other error, which is rethrown. The progress bar is stopped either way.
 */
export async function settleRun(
  context: Pick<CommandContext, 'signal'>,
  session: RunSession,
  progress: Progress,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    progress.stop();
    if (isAbort(error, context.signal)) {
      session.finish('interrupted');
      throw interruptedError(session.run.id);
    }
    session.finish('failed');
    throw error;
  }
  progress.stop();
  session.finish('done');
}
