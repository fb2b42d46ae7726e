import { bootstrapScore, mean, type PairedDifference, pairedDifference, type Score } from '@privlens/metrics';
import {
  compareUnlearning,
  type UnlearningComparison,
  type UnlearningRecord,
  type UnlearningReport,
} from '@privlens/unlearning-eval';
import { type CommandContext, emitJson } from '../context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { type RunSummary, summarizeRun } from '../report/summarize.ts';
import { unitValues } from '../report/units.ts';

export interface ComparisonRow {
  run: string;
  variant: string;
  /** Mean of the per-sample figure over the samples matched with the baseline. */
  score: Score;
  baselineScore: Score;
  /** Paired difference (this − baseline) over the matched samples, with its bootstrap interval. */
  difference: PairedDifference | 'N/A';
  matched: number;
  /** True when the interval of the difference excludes 0. */
  exceedsNoise: boolean;
}

interface CompareFlags {
  seed: number;
  resamples: number;
}

const fmtScore = (s: Score) =>
  s === 'N/A' ? 'N/A' : `${s.value.toFixed(3)} [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]`;
const fmtDiff = (d: PairedDifference | 'N/A') =>
  d === 'N/A'
    ? 'N/A'
    : `${d.meanDifference >= 0 ? '+' : ''}${d.meanDifference.toFixed(3)} [${d.ci[0].toFixed(3)}, ${d.ci[1].toFixed(3)}]`;

/**
 * Side-by-side scores of runs, matched per sample against the first run's first variant: the paired difference
 * of each run (metrics' pairedDifference) says whether a gap is more than noise. MLLMU-Bench runs go through
 * compareUnlearning instead, which also weighs the forget drop against the retain drop.
 */
export function compareCommand(context: CommandContext, runIds: string[], flags: CompareFlags) {
  if (runIds.length < 1) throw new CliError('compare needs at least one run', EXIT.usage);
  const store = context.store();
  const summaries = runIds.map((id) => summarizeRun(store, id));
  const first = summaries[0] as RunSummary;
  const mixed = summaries.find((s) => s.type !== first.type);
  if (mixed)
    throw new CliError(
      `cannot compare a ${first.type} run with a ${mixed.type} run (${mixed.run.id})`,
      EXIT.usage,
    );
  if (first.type === 'unlearning') return compareUnlearningRuns(context, summaries, flags);

  const columns = summaries.flatMap((summary) =>
    unitValues(summary).map((u) => ({ run: summary.run.id, ...u })),
  );
  const baseline = columns[0];
  if (!baseline) throw new CliError(`run ${runIds[0]} has no records`, EXIT.input, { run: runIds[0] });
  const options = { seed: flags.seed, resamples: flags.resamples };
  const rows: ComparisonRow[] = columns.slice(1).map((column) => {
    const keys = [...column.units.values.keys()].filter((k) => baseline.units.values.has(k)).sort();
    const a = keys.map((k) => baseline.units.values.get(k) as number);
    const b = keys.map((k) => column.units.values.get(k) as number);
    const difference = pairedDifference(a, b, options);
    return {
      run: column.run,
      variant: column.label,
      score: bootstrapScore(b, mean, options),
      baselineScore: bootstrapScore(a, mean, options),
      difference,
      matched: keys.length,
      exceedsNoise: difference !== 'N/A' && difference.exceedsNoise,
    };
  });
  context.say(`baseline: ${baseline.run} ${baseline.label} (${baseline.units.metric})`);
  context.say(['run', 'variant', 'matched', 'baseline', 'this', 'difference', 'verdict'].join('\t'));
  for (const row of rows)
    context.say(
      [
        row.run,
        row.variant,
        row.matched,
        fmtScore(row.baselineScore),
        fmtScore(row.score),
        fmtDiff(row.difference),
        row.exceedsNoise ? 'exceeds noise' : 'within noise',
      ].join('\t'),
    );
  const result = {
    baseline: { run: baseline.run, variant: baseline.label, metric: baseline.units.metric },
    rows,
  };
  emitJson(context, result);
  return result;
}

type UnlearningSummary = Extract<RunSummary, { type: 'unlearning' }>;

/** A stored MLLMU run's variant as the report compareUnlearning takes (only cells and records are read). */
function reportOf(
  summary: UnlearningSummary,
  variant: UnlearningSummary['variants'][number],
): UnlearningReport {
  const config = (summary.run.config ?? {}) as Partial<{ tasks: string[]; modalities: string[] }>;
  const records = variant.records as unknown as UnlearningRecord[];
  return {
    kind: 'mllmu-unlearning',
    model: { id: variant.model, label: `${summary.run.id} ${variant.label}` },
    runId: summary.run.id,
    seed: summary.run.seed ?? 0,
    config: {
      sets: [...new Set(records.map((r) => r.set))],
      tasks: (config.tasks ?? [
        ...new Set(records.map((r) => r.task)),
      ]) as UnlearningReport['config']['tasks'],
      modalities: (config.modalities ?? [
        ...new Set(records.map((r) => r.modality)),
      ]) as UnlearningReport['config']['modalities'],
      fewShot: { classification: 1, cloze: 2 },
      maxTokens: 50,
      promptFormat: 'chat',
    },
    // compareUnlearning reads cells and records only; the rest is evaluateUnlearning's defaults, for the type.
    cells: variant.cells,
    records,
    calls: { target: { calls: 0, cacheHits: 0 } },
  };
}

/**
 * MLLMU-Bench: the first run's first variant is the baseline (the model before unlearning); its other epochs are
 * replicates that set the run-to-run noise floor; every variant of the other runs is compared against it.
 */
function compareUnlearningRuns(context: CommandContext, summaries: RunSummary[], flags: CompareFlags) {
  const [first, ...others] = summaries as UnlearningSummary[];
  if (!first) throw new CliError('compare needs at least one run', EXIT.usage);
  const [base, ...replicates] = first.variants;
  if (!base) throw new CliError(`run ${first.run.id} has no records`, EXIT.input, { run: first.run.id });
  const models = others.flatMap((s) => s.variants.map((v) => reportOf(s, v)));
  if (models.length === 0)
    throw new CliError('compare an MLLMU run with at least one other MLLMU run', EXIT.usage);
  const comparison: UnlearningComparison = compareUnlearning([reportOf(first, base), ...models], {
    replicates: replicates.map((v) => reportOf(first, v)),
    seed: flags.seed,
    resamples: flags.resamples,
  });
  const baseLabel = `${first.run.id} ${base.label}`;
  context.say(
    `baseline: ${baseLabel}${replicates.length ? ` (${replicates.length} replicate epoch(s) set the noise floor)` : ' (no replicates: noise floor 0)'}`,
  );
  context.say(
    [
      'model',
      'set/task/modality',
      'metric',
      'drop',
      'retain drop',
      'forget − retain',
      'noise',
      'verdict',
    ].join('\t'),
  );
  for (const model of comparison.models)
    for (const row of model.forget)
      context.say(
        [
          model.model.label,
          `${row.set}/${row.task}/${row.modality}`,
          row.metric,
          fmtScore(row.drop),
          fmtScore(row.retainDrop),
          fmtScore(row.versusRetain),
          row.noise.toFixed(3),
          `${row.verdict}${row.beyondRetain ? ', beyond retain' : row.beyondRetain === false ? ', not beyond retain' : ''}`,
        ].join('\t'),
      );
  const result = {
    kind: 'mllmu',
    baseline: { run: first.run.id, variant: base.label, replicates: replicates.map((v) => v.label) },
    method: comparison.method,
    models: comparison.models,
  };
  emitJson(context, result);
  return result;
}
