import type { Run, Store } from '@privlens/store';
import type { Logger } from '../http/logger.ts';
import { redact } from '../http/logger.ts';
import type { Json, RunSpec, Services } from '../services.ts';

/** Keys of the run's own bookkeeping records, kept apart from sample/user results. */
export const SUMMARY_KEY = 'run:summary';
export const ERROR_KEY = 'run:error';

export type RunEvent =
  | { type: 'record'; seq: number; key: string; done: number; total: number; record: Json }
  | { type: 'status'; status: string; error?: string };

interface StoredConfig {
  total: number;
  request: Json;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
  listeners: Set<(event: RunEvent) => void>;
  count: number;
}

export interface RunView {
  id: string;
  kind: string;
  status: string;
  models: Record<string, string>;
  total: number;
  done: number;
  createdAt: string;
  updatedAt: string;
  scores: Json;
  summary?: Json;
  error?: string;
}

const isOwnKey = (key: string | null) => key === SUMMARY_KEY || key === ERROR_KEY;

/**
 * Runs in the store, executed in this process: start, cancel, progress events, and on start-up the resumption
 * of runs a stopped process left `running`. Results are appended one committed row at a time, so a run stopped
 * at any point keeps what it finished; its checkpoint lets the next process skip those samples.
 */
export class RunManager {
  private active = new Map<string, ActiveRun>();
  private stopping = false;

  constructor(
    private store: Store,
    private services: Services,
    private logger: Logger,
  ) {}

  start(spec: RunSpec): Run {
    const run = this.store.runs.create({
      kind: spec.kind,
      config: { total: spec.total, request: spec.config } satisfies StoredConfig,
      models: spec.models,
      status: 'running',
    });
    this.execute(run);
    return run;
  }

  /** Resumes every run a previous process left running (it was stopped or killed mid-run). */
  resumeInterrupted(): string[] {
    const resumed: string[] = [];
    for (const run of this.store.runs.list({ status: 'running' })) {
      if (this.active.has(run.id) || (run.kind !== 'compliance' && run.kind !== 'inference')) continue;
      this.logger.info('run resumed', { runId: run.id, kind: run.kind, recorded: run.recordCount });
      this.execute(run);
      resumed.push(run.id);
    }
    return resumed;
  }

  private execute(run: Run): void {
    const config = run.config as StoredConfig;
    const controller = new AbortController();
    const doneKeys = this.store.runs.doneKeys(run.id);
    const active: ActiveRun = {
      controller,
      listeners: new Set(),
      count: [...doneKeys].filter((k) => !isOwnKey(k)).length,
      done: Promise.resolve(),
    };
    this.active.set(run.id, active);
    const emit = (event: RunEvent) => {
      for (const listener of active.listeners) listener(event);
    };
    active.done = (async () => {
      try {
        const summary = await this.services.executeRun(
          { kind: run.kind as RunSpec['kind'], config: config.request as RunSpec['config'] },
          {
            runId: run.id,
            signal: controller.signal,
            doneKeys,
            record: (key, record) => {
              const seq = this.store.runs.append(run.id, record, { key });
              active.count++;
              emit({ type: 'record', seq, key, done: active.count, total: config.total, record });
            },
          },
        );
        if (controller.signal.aborted) throw controller.signal.reason;
        this.store.runs.append(run.id, summary, { key: SUMMARY_KEY });
        this.store.runs.setStatus(run.id, 'done');
        emit({ type: 'status', status: 'done' });
        this.logger.info('run done', { runId: run.id, records: active.count });
      } catch (error) {
        const reason = controller.signal.aborted ? String(controller.signal.reason) : undefined;
        if (reason === 'cancelled') {
          emit({ type: 'status', status: 'cancelled' });
          this.logger.info('run cancelled', { runId: run.id, records: active.count });
        } else if (reason === 'shutdown') {
          // Left `running` on purpose: the next process resumes it from the store and the checkpoint.
          emit({ type: 'status', status: 'interrupted' });
          this.logger.info('run checkpointed for shutdown', { runId: run.id, records: active.count });
        } else {
          const message = redact(error instanceof Error ? error.message : String(error));
          this.store.runs.append(run.id, { message }, { key: ERROR_KEY });
          this.store.runs.setStatus(run.id, 'failed');
          emit({ type: 'status', status: 'failed', error: message });
          this.logger.error('run failed', { runId: run.id, error: message });
        }
      } finally {
        this.active.delete(run.id);
      }
    })();
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Stops a run; what it finished stays recorded and scored. */
  async cancel(runId: string): Promise<Run | undefined> {
    const run = this.store.runs.get(runId);
    if (!run) return undefined;
    if (run.status !== 'running') return run;
    this.store.runs.setStatus(runId, 'cancelled');
    const active = this.active.get(runId);
    if (active) {
      active.controller.abort('cancelled');
      await active.done;
    }
    return this.store.runs.get(runId);
  }

  /** Listens to a run's events; returns the unsubscribe function, or undefined when the run is not executing. */
  subscribe(runId: string, listener: (event: RunEvent) => void): (() => void) | undefined {
    const active = this.active.get(runId);
    if (!active) return undefined;
    active.listeners.add(listener);
    return () => active.listeners.delete(listener);
  }

  view(runId: string): RunView | undefined {
    const run = this.store.runs.get(runId);
    if (!run) return undefined;
    const entries = this.store.runs.entries(runId);
    const results = entries.filter((e) => !isOwnKey(e.key));
    const summary = entries.find((e) => e.key === SUMMARY_KEY)?.record as Json | undefined;
    const error = (entries.find((e) => e.key === ERROR_KEY)?.record as { message?: string } | undefined)?.message;
    return {
      id: run.id,
      kind: run.kind,
      status: run.status === 'running' && !this.active.has(runId) && this.stopping ? 'interrupted' : run.status,
      models: run.models,
      total: (run.config as StoredConfig).total,
      done: results.length,
      createdAt: new Date(run.createdAt).toISOString(),
      updatedAt: new Date(run.updatedAt).toISOString(),
      scores: this.services.scoreRecords(
        run.kind,
        results.map((e) => e.record),
      ),
      ...(summary !== undefined ? { summary } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** Result records after `afterSeq` (for SSE replay). */
  entriesAfter(runId: string, afterSeq: number) {
    return this.store.runs.entries(runId, { afterSeq }).filter((e) => !isOwnKey(e.key));
  }

  /**
   * Graceful stop: gives running runs `drainMs` to finish, then aborts them. An aborted run keeps its finished
   * samples (records and checkpoint) and stays `running`, so the next process resumes it.
   */
  async shutdown(drainMs = 0): Promise<void> {
    this.stopping = true;
    const all = [...this.active.values()];
    if (drainMs > 0)
      await Promise.race([
        Promise.all(all.map((a) => a.done)),
        new Promise((r) => setTimeout(r, drainMs).unref()),
      ]);
    for (const a of this.active.values()) a.controller.abort('shutdown');
    await Promise.all(all.map((a) => a.done));
  }
}
