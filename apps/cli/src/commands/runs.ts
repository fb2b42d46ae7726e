import type { CommandContext } from '../context.ts';
import { emitJson } from '../context.ts';

/** Past runs from the store: config, model ids, package versions, seed, cost, status. */
export function runsCommand(context: CommandContext, flags: { kind?: string; verbose?: boolean }) {
  const store = context.store();
  const runs = store.runs.list(flags.kind ? { kind: flags.kind } : {}).map((run) => {
    let cost = 0;
    let errors = 0;
    for (const entry of store.runs.entries(run.id)) {
      const record = entry.record as { usage?: { costUsd?: number }; costUsd?: number; error?: unknown };
      cost += record.usage?.costUsd ?? record.costUsd ?? 0;
      if (record.error !== undefined) errors++;
    }
    return { ...run, costUsd: cost, errors };
  });
  if (runs.length === 0) context.say(`no runs yet in ${store.file}`);
  for (const run of runs) {
    const when = new Date(run.createdAt).toISOString().replace('T', ' ').slice(0, 19);
    const models = Object.values(run.models).join(', ');
    context.say(
      `${run.id}  ${run.kind.padEnd(8)} ${run.status.padEnd(9)} ${when}  records ${run.recordCount}  errors ${run.errors}  $${run.costUsd.toFixed(4)}  seed ${run.seed ?? '-'}  ${models}`,
    );
    if (flags.verbose) {
      context.say(`    config   ${JSON.stringify(run.config)}`);
      context.say(`    versions ${JSON.stringify(run.versions)}`);
    }
  }
  emitJson(context, { store: store.file, runs });
  return { runs };
}
