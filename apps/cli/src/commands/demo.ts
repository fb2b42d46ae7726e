import { dirname, join } from 'node:path';
import type { CommandContext } from '../context.ts';
import { emitJson } from '../context.ts';
import { attributeRunCommand } from './bench-attributes.ts';
import { generateCommand } from './generate.ts';
import { reportCommand } from './report.ts';

/**
 * The README's main job, offline: synthetic users from the offline generator → bench prism --model offline →
 * report. The same three commands a user would type, in one go.
 */
export async function demoCommand(
  context: CommandContext,
  flags: { users: number; seed: number; concurrency: number },
) {
  const started = performance.now();
  const store = context.store();
  const usersFile = join(dirname(store.file), `synthetic-users-seed${flags.seed}-n${flags.users}.jsonl`);
  // The steps print for people; with --json only the final document goes to stdout.
  const jsonless: CommandContext = {
    ...context,
    global: { ...context.global, json: false },
    say: context.say,
  };
  context.say(`1/3 generate ${flags.users} synthetic users (offline generator, seed ${flags.seed})`);
  await generateCommand(jsonless, {
    count: flags.users,
    seed: flags.seed,
    engine: 'offline',
    out: usersFile,
  });
  context.say('2/3 bench prism --model offline');
  const bench = await attributeRunCommand(
    jsonless,
    'prism',
    {
      data: usersFile,
      format: 'privlens',
      models: ['offline'],
      epochs: 1,
      seed: flags.seed,
      textOnly: false,
      cache: true,
    },
    { concurrency: flags.concurrency },
  );
  context.say('3/3 report');
  const { files } = reportCommand(jsonless, [bench.run], {});
  const wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  context.say(`\nThe report is at ${files.html}`);
  context.say(`Wall time ${wallSeconds.toFixed(1)} s (generate → bench prism → report)`);
  emitJson(context, { users: usersFile, run: bench.run, files, summary: bench.summary, wallSeconds });
  return { exitCode: bench.exitCode };
}
