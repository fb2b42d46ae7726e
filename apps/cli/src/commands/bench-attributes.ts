import { dirname, join, resolve } from 'node:path';
import { inferUsers, type UserInference } from '@privlens/agents';
import type { SocialUser } from '@privlens/datasets';
import { type CommandContext, emitJson } from '../context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { loadUsers, type UserFormat } from '../load-users.ts';
import { modelFromFlag, withEpoch, withRunLog } from '../models.ts';
import { createProgress } from '../progress.ts';
import { summarizeRun } from '../report/summarize.ts';
import { recordKey, settleRun, startRun } from '../run-session.ts';

/** The options an attribute-inference run is reproduced from (stored in its header). */
export interface AttributeRunConfig {
  data: string;
  format: UserFormat;
  models: string[];
  epochs: number;
  limit?: number;
  seed: number;
  textOnly: boolean;
  cache: boolean;
}

export interface RunFlags {
  concurrency: number;
  resume?: string;
  retryErrors?: boolean;
}

function resumedConfig<T>(context: CommandContext, kind: string, given: T, flags: RunFlags): T {
  if (!flags.resume) return given;
  const run = context.store().runs.get(flags.resume);
  if (!run) throw new CliError(`unknown run "${flags.resume}" (see \`privlens runs\`)`, EXIT.unknownRun);
  if (run.kind !== kind)
    throw new CliError(`run ${run.id} is a "${run.kind}" run, not "${kind}"`, EXIT.usage);
  return run.config as T;
}

/**
 * PRISM-style attribute inference over users (bench prism, bench synthpai, infer): one record per user ×
 * epoch × model, appended as each user finishes; a user interrupted mid-graph resumes from its checkpoint.
 */
export async function attributeRunCommand(
  context: CommandContext,
  kind: 'prism' | 'synthpai' | 'infer',
  given: AttributeRunConfig,
  flags: RunFlags,
) {
  const config = resumedConfig(context, kind, { ...given, data: resolve(given.data) }, flags);
  const store = context.store();
  const loaded = loadUsers(config.data, { format: config.format });
  for (const w of loaded.warnings.slice(0, 5)) context.warn(`warning: ${w.file}: ${w.message}`);
  let users: SocialUser[] = loaded.records;
  if (config.limit !== undefined) users = users.slice(0, config.limit);
  if (users.length === 0) throw new CliError(`no users in ${config.data}`, EXIT.input, { file: config.data });

  const session = startRun(store, {
    kind,
    config: config as unknown as Record<string, unknown>,
    models: Object.fromEntries(config.models.map((m, i) => [i === 0 ? 'target' : `target${i + 1}`, m])),
    seed: config.seed,
    resume: flags.resume,
    retryErrors: flags.retryErrors,
  });
  const runId = session.run.id;
  context.warn(`${session.resumed ? 'resuming' : 'run'} ${runId} (${kind}, ${users.length} users)`);
  const total = users.length * config.models.length * config.epochs;
  const progress = createProgress(kind, total, { quiet: context.global.quiet });
  const checkpointer = join(dirname(store.file), 'checkpoints.db');
  let calls = 0;
  await settleRun(context, session, progress, async () => {
    for (const modelId of config.models) {
      const base = modelId === 'offline' ? undefined : modelFromFlag(modelId, 'attacker', store, config);
      for (let epoch = 1; epoch <= config.epochs; epoch++) {
        const pending = users.filter((u) => !session.isDone(recordKey(u.id, epoch, modelId)));
        progress.skip(users.length - pending.length);
        if (pending.length === 0) continue;
        const byId = new Map(pending.map((u) => [u.id, u]));
        await inferUsers(pending, {
          model: base ? withRunLog(withEpoch(base, epoch), store, runId) : 'offline',
          runId: `${runId}:${modelId}:e${epoch}`,
          checkpointer,
          concurrency: flags.concurrency,
          textOnly: config.textOnly,
          signal: context.signal,
          onResult(result: UserInference) {
            const user = byId.get(result.userId);
            calls += result.usage.calls;
            session.append({
              key: recordKey(result.userId, epoch, modelId),
              epoch,
              model: modelId,
              userId: result.userId,
              attributeSet: user?.attributeSet ?? 'prism',
              profile: user?.profile ?? {},
              status: result.status,
              guesses: result.guesses,
              failures: result.failures,
              usage: result.usage,
              fromCheckpoint: result.fromCheckpoint,
              ...(result.error !== undefined ? { error: result.error } : {}),
            });
            progress.tick({ error: result.status === 'failed', costUsd: result.usage.costUsd });
          },
        });
        if (context.signal.aborted) throw context.signal.reason;
      }
    }
  });
  const summary = summarizeRun(store, runId);
  const result = {
    run: runId,
    kind,
    users: users.length,
    errors: progress.errors,
    spendUsd: progress.spend,
    calls,
    summary: summary.headline,
  };
  context.say(`run ${runId}: ${summary.headlineText}`);
  if (progress.errors > 0)
    context.say(`${progress.errors} failed; retry them with --resume ${runId} --retry-errors`);
  emitJson(context, result);
  return { ...result, exitCode: progress.errors > 0 ? EXIT.partial : EXIT.ok };
}
