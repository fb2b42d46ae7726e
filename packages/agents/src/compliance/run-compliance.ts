import { randomUUID } from 'node:crypto';
import { SpySample } from '@privlens/datasets';
import { type ComplianceReport, scoreCompliance } from '@privlens/metrics';
import type { Model } from '@privlens/models';
import type { BaseCheckpointSaver, RetryPolicy } from '@langchain/langgraph';
import type { z } from 'zod';
import type { Defense } from '../defenses/defense.ts';
import { cohenKappa, type KappaResult } from '../judges/cohen-kappa.ts';
import type { Judge } from '../judges/judge.ts';
import { createComplianceGraph, graphConcurrency } from './compliance-graph.ts';
import { type ComplianceResultRecord, toComplianceRecord } from './result-record.ts';

export interface RunComplianceOptions {
  /** The model under test. */
  target: Model;
  /** One judge, or several: the first gives `eval_resp`, every pair gets a Cohen's kappa. */
  judge: Judge | Judge[];
  /** Wraps the target (self-moderation, policy guard) before the run. */
  defense?: Defense;
  /** Samples in flight at once (asked and judged). Default 4. */
  concurrency?: number;
  /**
   * Called once per sample the moment it is judged (or has failed), before the next checkpoint. With a
   * checkpointer alone that is at least once (a crash between a record and its checkpoint repeats it); pass
   * the ids already stored as `skip` on the rerun for exactly once.
   */
  onRecord?: (record: ComplianceResultRecord) => void | Promise<void>;
  /**
   * Ids of samples the caller already holds records for (from its own store): they are neither asked nor judged
   * and are not in the returned records or reports.
   */
  skip?: ReadonlySet<string>;
  signal?: AbortSignal;
  /** Root that `imagePath` is relative to; without it, or when a file is missing, prompts go out text only. */
  imagesDir?: string;
  /** label → topic text for LLM judges (label2text.json). */
  label2text?: Record<string, string>;
  /** Saves every finished sample; rerunning with the same threadId resumes. */
  checkpointer?: BaseCheckpointSaver;
  threadId?: string;
  retryPolicy?: RetryPolicy;
}

export interface JudgeAgreement {
  judges: [string, string];
  /** Computed over the records both judges labelled (failed requests excluded). */
  kappa: KappaResult;
}

export interface ComplianceRun {
  threadId: string;
  /** Samples left out because `skip` named them. */
  skipped: number;
  records: ComplianceResultRecord[];
  /**
   * Scores per distractor setting: the official code scores the runs with and without distractors as separate
   * result files, and pairs records by benchmark_id within one.
   */
  reports: { without?: ComplianceReport; with?: ComplianceReport };
  agreement: JudgeAgreement[];
}

export class ComplianceInputError extends Error {
  constructor(
    message: string,
    readonly index?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ComplianceInputError';
  }
}

function validateSamples(samples: unknown[]): SpySample[] {
  const seen = new Set<string>();
  return samples.map((raw, index) => {
    const parsed = SpySample.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0] as z.core.$ZodIssue;
      const field = issue.path.join('.');
      throw new ComplianceInputError(
        `sample ${index}, field ${field || '(root)'}: ${issue.message}`,
        index,
        field,
      );
    }
    if (seen.has(parsed.data.sampleId)) {
      throw new ComplianceInputError(
        `sample ${index}: duplicate sampleId ${parsed.data.sampleId}`,
        index,
        'sampleId',
      );
    }
    seen.add(parsed.data.sampleId);
    return parsed.data;
  });
}

function agreements(judges: Judge[], records: ComplianceResultRecord[]): JudgeAgreement[] {
  const out: JudgeAgreement[] = [];
  for (let i = 0; i < judges.length; i++)
    for (let j = i + 1; j < judges.length; j++) {
      const a = judges[i] as Judge;
      const b = judges[j] as Judge;
      const pairs = records.filter(
        (r) => r.judges?.[a.id] !== undefined && r.judges?.[b.id] !== undefined && !r.error,
      );
      if (pairs.length === 0) continue;
      out.push({
        judges: [a.id, b.id],
        kappa: cohenKappa(
          pairs.map((r) => r.judges?.[a.id] as string),
          pairs.map((r) => r.judges?.[b.id] as string),
        ),
      });
    }
  return out;
}

/**
 * Runs SPY-Bench samples through the compliance graph and scores them. With a checkpointer and the threadId of
 * an interrupted run, the run resumes: samples already recorded are neither asked nor judged again.
 */
export async function runCompliance(
  samples: unknown[],
  options: RunComplianceOptions,
): Promise<ComplianceRun> {
  const valid = validateSamples(samples);
  const judges = Array.isArray(options.judge) ? options.judge : [options.judge];
  if (judges.length === 0) throw new ComplianceInputError('runCompliance needs at least one judge');
  const ids = new Set(judges.map((j) => j.id));
  if (ids.size !== judges.length)
    throw new ComplianceInputError('two judges share one id; give each judge its own');
  const target = options.defense ? options.defense(options.target) : options.target;
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new ComplianceInputError(
      `concurrency must be a whole number ≥ 1, got ${concurrency}`,
      undefined,
      'concurrency',
    );
  const skip = options.skip ?? new Set<string>();
  const graph = createComplianceGraph({
    target,
    judges,
    imagesDir: options.imagesDir,
    label2text: options.label2text,
    onRecord: options.onRecord,
    retryPolicy: options.retryPolicy,
    checkpointer: options.checkpointer,
    concurrency,
    skip,
  });
  const threadId = options.threadId ?? randomUUID();
  const config = {
    configurable: { thread_id: threadId },
    maxConcurrency: graphConcurrency(concurrency),
    // LangGraph listens on the signal it is given once per step; a dependant keeps that off the caller's.
    ...(options.signal ? { signal: AbortSignal.any([options.signal]) } : {}),
    recursionLimit: 10,
  };

  let final: { records: ComplianceResultRecord[] } | undefined;
  if (options.checkpointer) {
    const state = await graph.getState(config);
    // Native resume re-runs only the unfinished tasks of the interrupted step (finished ones are kept).
    if (state.next.length > 0) final = await graph.invoke(null, config);
  }
  // A run on the saved state asks for whatever is still unrecorded (all of it on a fresh thread, samples added
  // since on a finished one); recorded samples are filtered out at the fan-out, never asked again.
  if (!final || missing(final.records, valid, skip)) final = await graph.invoke({ samples: valid }, config);
  if (missing(final.records, valid, skip))
    throw new Error(`compliance graph ended with unrecorded samples (thread ${threadId}); rerun to resume`);
  const kept = valid.filter((s) => !skip.has(s.sampleId));
  return { ...finish(final.records, kept, judges, threadId), skipped: valid.length - kept.length };
}

function missing(
  records: ComplianceResultRecord[],
  samples: SpySample[],
  skip: ReadonlySet<string>,
): boolean {
  const done = new Set(records.map((r) => r.sample_id));
  return samples.some((s) => !done.has(s.sampleId) && !skip.has(s.sampleId));
}

function finish(
  records: ComplianceResultRecord[],
  samples: SpySample[],
  judges: Judge[],
  threadId: string,
): Omit<ComplianceRun, 'skipped'> {
  const order = new Map(samples.map((s, i) => [s.sampleId, i]));
  const mine = records
    .filter((r) => order.has(r.sample_id))
    .sort((a, b) => (order.get(a.sample_id) ?? 0) - (order.get(b.sample_id) ?? 0));
  const reports: ComplianceRun['reports'] = {};
  for (const key of ['without', 'with'] as const) {
    const part = mine.filter((r) => r.distractors === (key === 'with'));
    if (part.length > 0) reports[key] = scoreCompliance(part.map(toComplianceRecord));
  }
  return { threadId, records: mine, reports, agreement: agreements(judges, mine) };
}
