import { SpySample } from '@privlens/datasets';
import type { Model } from '@privlens/models';
import {
  type BaseCheckpointSaver,
  Command,
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
import { type ComplianceResultRecord, resultRecord } from './result-record.ts';
import { buildSpyRequest, loadSampleImage } from './spy-request.ts';

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

/** What the target node hands the judge node for one sample. */
interface Answered {
  sample: SpySample;
  response: string;
  imageMissing?: string;
  defense?: ReturnType<typeof defenseTraceOf>;
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
  retryOn: (error: unknown) => !isAbort(error),
  logWarning: false,
};

function message(error: unknown): string {
  const e = (error as { error?: unknown }).error ?? error;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The compliance graph: START fans out one `respond` task per sample not yet recorded (Send), `respond` asks the
 * target and hands its answer to a `judge` task, `judge` records the verdicts. Both nodes retry; a node that
 * still fails records the failure instead of ending the run, so one bad sample never loses the others. With a
 * checkpointer, every finished task is saved and a resumed run only repeats the unfinished ones.
 */
export function createComplianceGraph(deps: ComplianceGraphDeps) {
  const retryPolicy = deps.retryPolicy ?? DEFAULT_RETRY;
  const attempts = retryPolicy.maxAttempts ?? 3;
  const primary = deps.judges[0];
  if (!primary) throw new Error('runCompliance needs at least one judge');

  const emit = async (record: ComplianceResultRecord) => {
    await deps.onRecord?.(record);
    return { records: [record] };
  };

  const respond = async (input: { sample: SpySample }, config: LangGraphRunnableConfig) => {
    const { sample } = input;
    const image = await loadSampleImage(sample.imagePath, deps.imagesDir);
    const response = await deps.target.invoke(buildSpyRequest(sample, image.part), { signal: config.signal });
    const answered: Answered = {
      sample,
      response: response.text,
      imageMissing: image.missing,
      defense: defenseTraceOf(response),
    };
    return new Command({ goto: [new Send('judge', answered)] });
  };

  const judge = async (input: Answered, config: LangGraphRunnableConfig) => {
    const { sample } = input;
    const topic = deps.label2text?.[sample.label];
    const verdicts = await Promise.all(
      deps.judges.map((j) =>
        j.judge(
          { label: sample.label, topic, question: sample.question, answer: input.response },
          { signal: config.signal },
        ),
      ),
    );
    const first = verdicts[0] as (typeof verdicts)[number];
    return emit(
      resultRecord(sample, {
        response: input.response,
        eval_resp: first.verdict,
        target: deps.target.id,
        judge: primary.id,
        judge_raw: first.raw,
        ...(deps.judges.length > 1
          ? { judges: Object.fromEntries(deps.judges.map((j, i) => [j.id, verdicts[i]?.verdict ?? ''])) }
          : {}),
        ...(input.imageMissing ? { image_missing: input.imageMissing } : {}),
        ...(input.defense ? { defense: input.defense } : {}),
      }),
    );
  };

  const rethrowAbort = (error: unknown, config?: LangGraphRunnableConfig) => {
    if (config?.signal?.aborted || isAbort((error as { error?: unknown }).error ?? error)) throw error;
  };

  const graph = new StateGraph(ComplianceState)
    .addNode('respond', respond as never, {
      ends: ['judge'],
      retryPolicy,
      errorHandler: (async (
        input: { sample: SpySample },
        error: unknown,
        config?: LangGraphRunnableConfig,
      ) => {
        rethrowAbort(error, config);
        const text = `Request failed after ${attempts} attempts: ${message(error)}`;
        return emit(
          resultRecord(input.sample, {
            response: text,
            eval_resp: '',
            target: deps.target.id,
            error: { stage: 'target', message: message(error) },
          }),
        );
      }) as never,
    })
    .addNode('judge', judge as never, {
      retryPolicy,
      errorHandler: (async (input: Answered, error: unknown, config?: LangGraphRunnableConfig) => {
        rethrowAbort(error, config);
        return emit(
          resultRecord(input.sample, {
            response: input.response,
            eval_resp: '',
            target: deps.target.id,
            judge: primary.id,
            error: { stage: 'judge', message: message(error) },
            ...(input.imageMissing ? { image_missing: input.imageMissing } : {}),
            ...(input.defense ? { defense: input.defense } : {}),
          }),
        );
      }) as never,
    })
    .addConditionalEdges(
      START,
      (state) => {
        const done = new Set(state.records.map((r) => r.sample_id));
        const todo = state.samples.filter((s) => !done.has(s.sampleId));
        return todo.length === 0 ? END : todo.map((sample) => new Send('respond', { sample }));
      },
      ['respond', END],
    )
    .addEdge('judge', END);

  return graph.compile({ checkpointer: deps.checkpointer });
}
