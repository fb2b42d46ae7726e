import { randomUUID } from 'node:crypto';
import { SpySample } from '@privlens/datasets';
import { type ComplianceReport, scoreCompliance } from '@privlens/metrics';
import type { Model } from '@privlens/models';
import type { BaseCheckpointSaver, RetryPolicy } from '@langchain/langgraph';
import type { z } from 'zod';
import type { Defense } from '../defenses/defense.ts';
import { cohenKappa, type KappaResult } from '../judges/cohen-kappa.ts';
import type { Judge } from '../judges/judge.ts';
import { createComplianceGraph } from './compliance-graph.ts';
import { type ComplianceResultRecord, toComplianceRecord } from './result-record.ts';

export interface RunComplianceOptions {
  /** The model under test. */
  target: Model;
  /** One judge, or several: the first gives `eval_resp`, every pair gets a Cohen's kappa. */
  judge: Judge | Judge[];
  /** Wraps the target (self-moderation, policy guard) before the run. */
  defense?: Defense;
  /** Samples in flight at once (LangGraph maxConcurrency over the fan-out). Default 4. */
  concurrency?: number;
  /** Called once per finished sample, as it finishes (at least once: a crash between a record and its checkpoint repeats it). */
  onRecord?: (record: ComplianceResultRecord) => void | Promise<void>;
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
  const graph = createComplianceGraph({
    target,
    judges,
    imagesDir: options.imagesDir,
    label2text: options.label2text,
    onRecord: options.onRecord,
    retryPolicy: options.retryPolicy,
    checkpointer: options.checkpointer,
  });
  const threadId = options.threadId ?? randomUUID();
  const config = {
    configurable: { thread_id: threadId },
    maxConcurrency: options.concurrency ?? 4,
    signal: options.signal,
    recursionLimit: 10,
  };

  let input: { samples: SpySample[] } | null = { samples: valid };
  if (options.checkpointer) {
    const state = await graph.getState(config);
    // Native resume re-runs only the unfinished tasks of the interrupted step (finished answers are kept).
    if (state.next.length > 0) input = null;
  }
  let final = await graph.invoke(input, config);
  // A pass on the saved state asks for whatever is still unrecorded (a run finished earlier, samples added since,
  // or tasks the interrupted step lost); recorded samples are filtered out at the fan-out, never asked again.
  for (let pass = 0; pass < 2 && missing(final.records, valid); pass++) {
    final = await graph.invoke({ samples: valid }, config);
  }
  return finish(final.records, valid, judges, threadId);
}

function missing(records: ComplianceResultRecord[], samples: SpySample[]): boolean {
  const done = new Set(records.map((r) => r.sample_id));
  return samples.some((s) => !done.has(s.sampleId));
}

function finish(
  records: ComplianceResultRecord[],
  samples: SpySample[],
  judges: Judge[],
  threadId: string,
): ComplianceRun {
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
