import { bootstrapScore, mean, type Score } from '@privlens/metrics';
import { type CommandContext, emitJson } from '../context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { summarizeRun } from '../report/summarize.ts';
import { unitValues } from '../report/units.ts';

export interface ComparisonRow {
  run: string;
  variant: string;
  /** Mean of the per-sample figure over the samples matched with the baseline. */
  score: Score;
  baselineScore: Score;
  /** Paired difference (this − baseline) with a seeded bootstrap 95% interval. */
  difference: Score;
  matched: number;
  /** True when the interval of the difference excludes 0. */
  exceedsNoise: boolean;
}

/**
 * Side-by-side scores of runs, matched per sample against the first run's first variant: the difference of
 * each pair, with a bootstrap CI, says whether a gap is more than noise.
 */
export function compareCommand(
  context: CommandContext,
  runIds: string[],
  flags: { seed: number; resamples: number },
) {
  if (runIds.length < 1) throw new CliError('compare needs at least one run', EXIT.usage);
  const store = context.store();
  const columns = runIds.flatMap((id) => {
    const summary = summarizeRun(store, id);
    return unitValues(summary).map((u) => ({ run: id, type: summary.type, ...u }));
  });
  const baseline = columns[0];
  if (!baseline) throw new CliError(`run ${runIds[0]} has no records`, EXIT.input);
  const mixed = columns.find((c) => c.type !== baseline.type);
  if (mixed)
    throw new CliError(
      `cannot compare a ${baseline.type} run with a ${mixed.type} run (${mixed.run})`,
      EXIT.usage,
    );
  const options = { seed: flags.seed, resamples: flags.resamples };
  const rows: ComparisonRow[] = columns.slice(1).map((column) => {
    const keys = [...column.units.values.keys()].filter((k) => baseline.units.values.has(k)).sort();
    const a = keys.map((k) => baseline.units.values.get(k) as number);
    const b = keys.map((k) => column.units.values.get(k) as number);
    const difference = bootstrapScore(
      keys.map((_, i) => (b[i] as number) - (a[i] as number)),
      mean,
      options,
    );
    return {
      run: column.run,
      variant: column.label,
      score: bootstrapScore(b, mean, options),
      baselineScore: bootstrapScore(a, mean, options),
      difference,
      matched: keys.length,
      exceedsNoise: difference !== 'N/A' && (difference.ci[0] > 0 || difference.ci[1] < 0),
    };
  });
  const f = (s: Score) =>
    s === 'N/A' ? 'N/A' : `${s.value.toFixed(3)} [${s.ci[0].toFixed(3)}, ${s.ci[1].toFixed(3)}]`;
  context.say(`baseline: ${baseline.run} ${baseline.label} (${baseline.units.metric})`);
  context.say(['run', 'variant', 'matched', 'baseline', 'this', 'difference', 'verdict'].join('\t'));
  for (const row of rows)
    context.say(
      [
        row.run,
        row.variant,
        row.matched,
        f(row.baselineScore),
        f(row.score),
        f(row.difference),
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
