import { randomUUID } from 'node:crypto';
import type { MllmuProfile } from '@privlens/datasets';
import { averageLoss, classificationCorrect, clozeCorrect, scoreGeneration } from '@privlens/metrics';
import type { Model } from '@privlens/models';
import type { Store } from '@privlens/store';
import {
  classificationShots,
  clozeShots,
  DEFAULT_FEW_SHOT,
  emptyPlan,
  type FewShotCounts,
  sampleFewShotIds,
  setHasFewShot,
} from './few-shot.ts';
import { judgeFactuality } from './judge.ts';
import { extractAnswer, extractOption, type PromptFormat, toMessages } from './prompts.ts';
import { type ProfilePlans, type QuestionJob, questionsOf } from './questions.ts';
import { type LogprobFigures, UnlearningRecord } from './record.ts';
import { aggregateCells, type UnlearningReport } from './report.ts';
import { idsOf, type ProfileSource, pickProfiles, profilesOf } from './sources.ts';
import { ALL_MODALITIES, ALL_SETS, ALL_TASKS, EvalModality, EvalSet, EvalTask } from './vocabulary.ts';

export interface EvaluateUnlearningOptions {
  /** Profiles per set, in memory. */
  profiles?: Partial<Record<EvalSet, readonly MllmuProfile[]>>;
  /** MLLMU-Bench parquet file(s) per set (forget_5, Test_Set shards, retain_95, Retain_Set = celebrity). */
  parquet?: Partial<Record<EvalSet, string | readonly string[]>>;
  /**
   * Where few-shot profiles come from: eval.py's `--few_shot_data` (Full_Set). Default: the forget and
   * retain profiles, which are Full_Set's rows.
   */
  fewShotPool?: ProfileSource;
  /** Keep only these profile ids per set (e.g. `loadMllmuSplitIds('…/forget_ids.json')`). The test set defaults to the forget ids, as eval.py filters it. */
  ids?: Partial<Record<EvalSet, readonly string[]>>;
  sets?: readonly EvalSet[];
  tasks?: readonly EvalTask[];
  modalities?: readonly EvalModality[];
  model: Model;
  /** Seeds the few-shot draws and the Test_Set image choice (unseeded in eval.py) and the bootstrap CIs. */
  seed?: number;
  /** Few-shot profiles per task, or one number for both (default: eval.py's LLaVA counts, 1 and 2). */
  fewShot?: number | Partial<FewShotCounts>;
  /** Optional LLM judge of generation answers (eval_gpt.py's 1–10 factuality rubric). */
  judge?: Model;
  /** TOFU-style log-prob figures for text questions through `model.scoreCompletion`. */
  logprobs?: boolean;
  /** Appends each record as it arrives; with `runId` a rerun skips every question already recorded. */
  store?: Store;
  runId?: string;
  /** Questions in flight at once (default 4). */
  concurrency?: number;
  onRecord?: (record: UnlearningRecord) => void;
  signal?: AbortSignal;
  promptFormat?: PromptFormat;
  /** eval.py's `max_new_tokens` (50). */
  maxTokens?: number;
  resamples?: number;
}

export class UnlearningRunMismatchError extends Error {
  constructor(
    readonly runId: string,
    readonly field: string,
    message: string,
  ) {
    super(`run ${runId}: ${field}: ${message}`);
    this.name = 'UnlearningRunMismatchError';
  }
}

function fewShotCounts(option: EvaluateUnlearningOptions['fewShot']): FewShotCounts {
  if (typeof option === 'number') return { classification: option, cloze: option };
  return { ...DEFAULT_FEW_SHOT, ...option };
}

function sourceOf(options: EvaluateUnlearningOptions, set: EvalSet): ProfileSource | undefined {
  return options.profiles?.[set] ?? options.parquet?.[set];
}

interface RunContext {
  store?: Store;
  runId?: string;
  done: Set<string>;
  previous: UnlearningRecord[];
}

function openRun(
  options: EvaluateUnlearningOptions,
  config: UnlearningReport['config'],
  seed: number,
): RunContext {
  const store = options.store;
  if (!store) return { done: new Set(), previous: [] };
  const runId = options.runId ?? randomUUID();
  const existing = store.runs.get(runId);
  if (!existing) {
    store.runs.create({
      id: runId,
      kind: 'mllmu-unlearning',
      config,
      models: { target: options.model.id, ...(options.judge ? { judge: options.judge.id } : {}) },
      seed,
    });
    return { store, runId, done: new Set(), previous: [] };
  }
  // Resuming with another seed or model would mix few-shot draws or answers under the same keys.
  if (existing.seed !== seed)
    throw new UnlearningRunMismatchError(runId, 'seed', `was ${existing.seed}, now ${seed}; use a new runId`);
  if (existing.models.target !== options.model.id)
    throw new UnlearningRunMismatchError(
      runId,
      'models.target',
      `was ${existing.models.target}, now ${options.model.id}`,
    );
  const previous = store.runs.entries(runId).map((entry) => {
    const parsed = UnlearningRecord.safeParse(entry.record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UnlearningRunMismatchError(
        runId,
        `record ${entry.seq}: ${issue?.path.join('.') ?? ''}`,
        issue?.message ?? 'not an unlearning record',
      );
    }
    return parsed.data;
  });
  store.runs.setStatus(runId, 'running');
  return { store, runId, done: new Set(previous.map((r) => r.key)), previous };
}

async function planFor(
  set: EvalSet,
  ids: readonly string[],
  counts: FewShotCounts,
  pool: readonly ProfileSource[],
  seed: number,
): Promise<ProfilePlans> {
  if (!setHasFewShot(set)) return { classification: emptyPlan(), cloze: emptyPlan() };
  const clsIds = sampleFewShotIds(ids, counts.classification, seed, `${set}/classification`);
  const clozeIds = sampleFewShotIds(ids, counts.cloze, seed, `${set}/cloze`);
  const profiles = await pickProfiles(pool, new Set([...clsIds, ...clozeIds]));
  return { classification: classificationShots(clsIds, profiles), cloze: clozeShots(clozeIds, profiles) };
}

async function* jobsOf(
  options: EvaluateUnlearningOptions,
  sets: readonly EvalSet[],
  tasks: readonly EvalTask[],
  modalities: readonly EvalModality[],
  counts: FewShotCounts,
  seed: number,
  done: ReadonlySet<string>,
): AsyncGenerator<QuestionJob> {
  const forgetSource = sourceOf(options, 'forget');
  const pool =
    options.fewShotPool !== undefined
      ? [options.fewShotPool]
      : (['forget', 'retain'] as const).map((s) => sourceOf(options, s)).filter((s) => s !== undefined);
  for (const set of sets) {
    const source = sourceOf(options, set);
    if (source === undefined) throw new TypeError(`set "${set}": no profiles or parquet file given for it`);
    let wanted = options.ids?.[set];
    if (wanted === undefined && set === 'test' && forgetSource !== undefined)
      wanted = await idsOf(forgetSource);
    const keep = wanted ? new Set(wanted) : undefined;
    // eval.py samples few-shot ids from the set's id list (for Test, the forget ids).
    const idList = keep ? [...keep] : await idsOf(source);
    const plans = await planFor(set, idList, counts, pool, seed);
    for await (const profile of profilesOf(source)) {
      if (keep && !keep.has(profile.ID)) continue;
      for (const job of questionsOf(profile, set, tasks, modalities, plans, seed)) {
        if (!done.has(job.key)) yield job;
      }
    }
  }
}

async function logprobFigures(
  model: Model,
  job: QuestionJob,
  signal?: AbortSignal,
): Promise<LogprobFigures | undefined> {
  if (!model.scoreCompletion || job.modality !== 'text') return undefined;
  const score = async (prompt: string, completion: string) => {
    const scored = await model.scoreCompletion!(
      { prompt, completion: ` ${completion}` },
      signal ? { signal } : {},
    );
    return averageLoss(scored.tokens.map((t) => t.logprob));
  };
  if (job.task !== 'classification' || !job.options) {
    return { avgGtLoss: await score(job.prompt.text, job.expected) };
  }
  // The answer texts as continuations of the bare question, TOFU's way: the correct option against the others.
  const prompt = `USER: ${job.question}\nASSISTANT:`;
  const entries = Object.entries(job.options);
  const correct = entries.find(([key]) => key.toUpperCase() === job.expected);
  if (!correct) return undefined;
  const perturbedLosses: number[] = [];
  for (const [key, text] of entries) if (key !== correct[0]) perturbedLosses.push(await score(prompt, text));
  return { avgGtLoss: await score(prompt, correct[1]), perturbedLosses };
}

async function answer(
  job: QuestionJob,
  options: EvaluateUnlearningOptions,
  format: PromptFormat,
  maxTokens: number,
): Promise<UnlearningRecord> {
  const signal = options.signal;
  const response = await options.model.invoke(
    { messages: toMessages(job.prompt, format), temperature: 0, maxTokens },
    signal ? { signal } : {},
  );
  const record: UnlearningRecord = {
    key: job.key,
    set: job.set,
    task: job.task,
    modality: job.modality,
    profileId: job.profileId,
    index: job.index,
    question: job.question,
    response: response.text,
    extracted: null,
    expected: job.expected,
    fewShotIds: job.fewShotIds,
    cached: response.cached,
  };
  if (job.task === 'classification') {
    const keys = Object.keys(job.options ?? {}).map((k) => k.toUpperCase());
    record.extracted = extractOption(response.text, keys);
    record.correct = classificationCorrect(record.extracted ?? '', job.expected, keys);
  } else if (job.task === 'cloze') {
    record.extracted = extractAnswer(response.text);
    record.correct = clozeCorrect(record.extracted, job.expected);
  } else {
    record.extracted = extractAnswer(response.text);
    const scores = scoreGeneration(record.extracted, job.expected);
    record.rougeL = scores.rougeL.fmeasure;
    record.bleu = scores.bleu;
    if (options.judge) {
      record.judge = await judgeFactuality(
        options.judge,
        {
          imageId: job.profileId,
          question: job.question,
          generatedAnswer: record.extracted,
          groundTruth: job.expected,
        },
        signal,
      );
    }
  }
  if (options.logprobs) {
    const figures = await logprobFigures(options.model, job, signal);
    if (figures) record.logprob = figures;
  }
  return record;
}

/** Pulls jobs from one iterator with `concurrency` workers; the first failure stops new work. */
async function runPool<T>(
  jobs: AsyncIterator<T>,
  concurrency: number,
  worker: (job: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && !signal?.aborted) {
      let next: IteratorResult<T>;
      try {
        next = await jobs.next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (next.done) return;
      try {
        await worker(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  signal?.throwIfAborted();
  if (failure) throw failure.error;
}

/**
 * Runs MLLMU-Bench's classification, generation and cloze tasks on the chosen sets against one model, as
 * eval.py does (its prompts, greedy decoding, 50 new tokens), and scores them per set × task × modality.
 * With a store every record is committed as it arrives; an aborted or killed run resumes from them.
 */
export async function evaluateUnlearning(options: EvaluateUnlearningOptions): Promise<UnlearningReport> {
  const sets = EvalSet.array().parse(
    options.sets ?? ALL_SETS.filter((s) => sourceOf(options, s) !== undefined),
  );
  const tasks = EvalTask.array().parse(options.tasks ?? ALL_TASKS);
  const modalities = EvalModality.array().parse(options.modalities ?? ALL_MODALITIES);
  const seed = options.seed ?? 0;
  const counts = fewShotCounts(options.fewShot);
  const format = options.promptFormat ?? 'chat';
  const maxTokens = options.maxTokens ?? 50;
  const config: UnlearningReport['config'] = {
    sets: [...sets],
    tasks: [...tasks],
    modalities: [...modalities],
    fewShot: counts,
    maxTokens,
    promptFormat: format,
  };
  const run = openRun(options, config, seed);
  const before = options.model.stats();
  const judgeBefore = options.judge?.stats();
  const fresh: UnlearningRecord[] = [];
  const jobs = jobsOf(options, sets, tasks, modalities, counts, seed, run.done);
  try {
    await runPool(
      jobs,
      options.concurrency ?? 4,
      async (job) => {
        const record = await answer(job, options, format, maxTokens);
        if (run.store && run.runId) run.store.runs.append(run.runId, record, { key: record.key });
        fresh.push(record);
        options.onRecord?.(record);
      },
      options.signal,
    );
  } catch (error) {
    await jobs.return(undefined);
    if (run.store && run.runId)
      run.store.runs.setStatus(run.runId, options.signal?.aborted ? 'cancelled' : 'failed');
    throw error;
  }
  if (run.store && run.runId) run.store.runs.setStatus(run.runId, 'done');

  const byKey = new Map<string, UnlearningRecord>();
  for (const record of [...run.previous, ...fresh]) {
    if (sets.includes(record.set) && tasks.includes(record.task) && modalities.includes(record.modality))
      byKey.set(record.key, record);
  }
  const records = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const after = options.model.stats();
  const report: UnlearningReport = {
    kind: 'mllmu-unlearning',
    model: { id: options.model.id, label: options.model.label },
    seed,
    config,
    cells: aggregateCells(records, { seed, ...(options.resamples ? { resamples: options.resamples } : {}) }),
    records,
    calls: { target: { calls: after.calls - before.calls, cacheHits: after.cacheHits - before.cacheHits } },
  };
  if (run.runId) report.runId = run.runId;
  if (options.judge && judgeBefore) {
    const j = options.judge.stats();
    report.calls.judge = {
      calls: j.calls - judgeBefore.calls,
      cacheHits: j.cacheHits - judgeBefore.cacheHits,
    };
  }
  return report;
}
