import { SpySample } from '@privlens/datasets';
import type { Model } from '@privlens/models';
import {
  type BaseCheckpointSaver,
  END,
  type LangGraphRunnableConfig,
  ReducedValue,
  type RetryPolicy,
  START,
  Send,
  StateGraph,
  StateSchema,
} from '@langchain/langgraph';
import { z } from 'zod';
import { defenseTraceOf } from '../defenses/defense.ts';
import type { Judge } from '../judges/judge.ts';
import { judgeAnswer } from '../judges/judge-answer.ts';
import { allowTaskListeners, graphConcurrency, taskSignal } from '../inference/task-signal.ts';
import { type ComplianceResultRecord, resultRecord } from './result-record.ts';
import { createSlots } from './slots.ts';
import { buildSpyRequest, loadSampleImage } from './spy-request.ts';

export { graphConcurrency };

const RecordList = z.array(z.custom<ComplianceResultRecord>((v) => typeof v === 'object' && v !== null));

export const ComplianceState = new StateSchema({
  samples: z.array(SpySample).default(() => []),
  records: new ReducedValue(
    RecordList.default(() => []),
    {
      inputSchema: RecordList,
      reducer: (current: ComplianceResultRecord[], next: ComplianceResultRecord[]) => current.concat(next),
    },
  ),
});

/** The target's answer to one sample, kept while its judges run so a judge retry does not ask again. */
interface Answered {
  response: string;
  imageMissing?: string;
  defense?: ReturnType<typeof defenseTraceOf>;
}

/** What each per-sample task writes to the `custom` stream, the moment its record exists. */
export interface ComplianceRecordEvent {
  type: 'record';
  record: ComplianceResultRecord;
}

export interface ComplianceGraphDeps {
  /** The (possibly defended) model under test. */
  target: Model;
  /** The first judge's verdict becomes `eval_resp`; the others are kept for agreement. */
  judges: Judge[];
  imagesDir?: string;
  label2text?: Record<string, string>;
  onRecord?: (record: ComplianceResultRecord) => void | Promise<void>;
  retryPolicy?: RetryPolicy;
  checkpointer?: BaseCheckpointSaver;
  /** Samples in flight at once. Default 4. */
  concurrency?: number;
  /** Sample ids the caller already holds records for: neither asked nor judged, not even on a native resume. */
  skip?: ReadonlySet<string>;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || /abort/i.test(error.message));
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  initialInterval: 500,
  backoffFactor: 2,
  maxInterval: 8000,
  jitter: true,
  retryOn: (error: unknown) =>
    !isAbort(error) &&
    // @privlens/models marks what a retry cannot fix (bad request, missing key).
    (error as { retryable?: boolean }).retryable !== false,
  logWarning: false,
};

function message(error: unknown): string {
  const e = (error as { error?: unknown }).error ?? error;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The compliance graph: START fans out one `sample` task per sample not yet recorded (Send). Each task asks the
 * target, runs the judges and emits its record (onRecord and the `custom` stream) before it ends, so records
 * stream out as samples finish and a run stopped at any point keeps every record already emitted. The task
 * retries under `retryPolicy` (a judge retry reuses the answer it already has); one that still fails records
 * the failure instead of ending the run. With a checkpointer every finished task is saved, and a resumed run
 * only repeats the unfinished ones.
 */
export function createComplianceGraph(deps: ComplianceGraphDeps) {
  const retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY;
  const attempts = retryPolicy.maxAttempts ?? 3;
  const primary = deps.judges[0];
  if (!primary) throw new Error('runCompliance needs at least one judge');
  const skip = deps.skip ?? new Set<string>();
  const slot = createSlots(deps.concurrency ?? 4);
  // Answers whose judging has not finished yet, by sample id. In memory only: a run resumed in a new process
  // asks again, which the response cache answers.
  const answered = new Map<string, Answered>();

  const emit = async (record: ComplianceResultRecord, config?: LangGraphRunnableConfig) => {
    // A task that outlives a cancelled run stays silent: its caller has seen the run end and may have closed
    // what onRecord writes to. Its answer is in the response cache for the rerun.
    config?.signal?.throwIfAborted();
    answered.delete(record.sample_id);
    await deps.onRecord?.(record);
    config?.writer?.({ type: 'record', record } satisfies ComplianceRecordEvent);
    return { records: [record] };
  };

  const ask = async (sample: SpySample, signal: AbortSignal): Promise<Answered> => {
    const known = answered.get(sample.sampleId);
    if (known) return known;
    const image = await loadSampleImage(sample.imagePath, deps.imagesDir);
    const response = await deps.target.invoke(buildSpyRequest(sample, image.part), { signal });
    const answer: Answered = {
      response: response.text,
      ...(image.missing ? { imageMissing: image.missing } : {}),
      ...(defenseTraceOf(response) ? { defense: defenseTraceOf(response) } : {}),
    };
    answered.set(sample.sampleId, answer);
    return answer;
  };

  const judge = async (sample: SpySample, answer: Answered, signal: AbortSignal) =>
    resultRecord(sample, {
      response: answer.response,
      target: deps.target.id,
      ...(await judgeAnswer(
        { label: sample.label, question: sample.question, response: answer.response },
        deps.judges,
        { ...(deps.label2text ? { label2text: deps.label2text } : {}), signal },
      )),
      ...(answer.imageMissing ? { image_missing: answer.imageMissing } : {}),
      ...(answer.defense ? { defense: answer.defense } : {}),
    });

  const runSample = async (input: { sample: SpySample }, config: LangGraphRunnableConfig) => {
    const { sample } = input;
    allowTaskListeners(config.signal, graphConcurrency(deps.concurrency ?? 4));
    if (skip.has(sample.sampleId)) return {};
    const record = await slot(async () => {
      const signal = taskSignal(config.signal) ?? new AbortController().signal;
      signal.throwIfAborted();
      const answer = await ask(sample, signal);
      return judge(sample, answer, signal);
    });
    return emit(record, config);
  };

  const onFailure = async (
    input: { sample: SpySample },
    error: unknown,
    config?: LangGraphRunnableConfig,
  ) => {
    if (config?.signal?.aborted || isAbort((error as { error?: unknown }).error ?? error)) throw error;
    const { sample } = input;
    const answer = answered.get(sample.sampleId);
    if (!answer) {
      const text = `Request failed after ${attempts} attempts: ${message(error)}`;
      return emit(
        resultRecord(sample, {
          response: text,
          eval_resp: '',
          target: deps.target.id,
          error: { stage: 'target', message: message(error) },
        }),
        config,
      );
    }
    return emit(
      resultRecord(sample, {
        response: answer.response,
        eval_resp: '',
        target: deps.target.id,
        judge: primary.id,
        error: { stage: 'judge', message: message(error) },
        ...(answer.imageMissing ? { image_missing: answer.imageMissing } : {}),
        ...(answer.defense ? { defense: answer.defense } : {}),
      }),
      config,
    );
  };

  const graph = new StateGraph(ComplianceState)
    .addNode('sample', runSample as never, { retryPolicy, errorHandler: onFailure as never })
    .addConditionalEdges(
      START,
      (state) => {
        const done = new Set(state.records.map((r) => r.sample_id));
        const todo = state.samples.filter((s) => !done.has(s.sampleId) && !skip.has(s.sampleId));
        return todo.length === 0 ? END : todo.map((sample) => new Send('sample', { sample }));
      },
      ['sample', END],
    )
    .addEdge('sample', END);

  return graph.compile({ checkpointer: deps.checkpointer });
}
