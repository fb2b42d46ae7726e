import { Command, InvalidArgumentError, Option } from 'commander';
import { attributeRunCommand } from './commands/bench-attributes.ts';
import { DEFENSES, spyRunCommand } from './commands/bench-spy.ts';
import { mllmuRunCommand } from './commands/bench-mllmu.ts';
import { compareCommand } from './commands/compare.ts';
import { demoCommand } from './commands/demo.ts';
import { generateCommand } from './commands/generate.ts';
import { reportCommand } from './commands/report.ts';
import { runsCommand } from './commands/runs.ts';
import { scanCommand } from './commands/scan.ts';
import { scoreCommand } from './commands/score.ts';
import type { CommandContext, GlobalOptions } from './context.ts';
import { CliError, EXIT } from './exit-codes.ts';
import { USER_FORMATS } from './load-users.ts';

function int(name: string, min = 0) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
    return n;
  };
}

/** Flags a new run needs; a resumed run takes them from its header instead. */
function needFlags(flags: Record<string, unknown>, names: Record<string, string>) {
  if (flags.resume) return;
  const missing = Object.entries(names).filter(([key]) => flags[key] === undefined);
  if (missing.length > 0)
    throw new CliError(
      `missing ${missing.map(([, flag]) => flag).join(', ')} (needed unless --resume)`,
      EXIT.usage,
    );
}

/** What a command hands back: its exit code (0 unless it says otherwise). */
export type CommandOutcome = object | undefined;
export type Runner = (
  action: (context: CommandContext) => Promise<CommandOutcome> | CommandOutcome,
) => Promise<void>;

/**
 * The command tree. `run` wraps each action with the context (store, signal, output mode) and the exit code,
 * so commands stay plain functions of their flags.
 */
export function buildProgram(
  run: (global: GlobalOptions, action: Parameters<Runner>[0]) => Promise<void>,
): Command {
  const program = new Command('privlens')
    .description('Audit multimodal LLMs for privacy risk: PRISM, SPY-Bench, MLLMU-Bench.')
    .option('--json', 'print one JSON document on stdout (progress stays on stderr)')
    .option('--store <file>', 'the run store (default $PRIVLENS_HOME/privlens.db, PRIVLENS_HOME=./.privlens)')
    .option('-q, --quiet', 'no progress or notes on stderr')
    .showHelpAfterError()
    .exitOverride();
  const go = (action: Parameters<Runner>[0]) => run(program.opts<GlobalOptions>(), action);

  program
    .command('generate')
    .description('synthetic users with ground-truth leaks (posts + rendered images), as privlens JSONL')
    .option('-n, --count <n>', 'users to generate', int('--count', 1), 20)
    .option('--seed <n>', 'seed: the same seed gives the same users', int('--seed'), 1)
    .option('--engine <engine>', '"offline" or a model id for the LLM engine (openai:gpt-4o, …)', 'offline')
    .option('--text-only', 'no rendered images')
    .requiredOption('-o, --out <file>', 'JSONL file to write')
    .action((flags) => go((ctx) => generateCommand(ctx, flags)));

  const attributeOptions = (command: Command, defaultModel?: string) =>
    command
      .option(
        '--data <path>',
        'users: privlens JSONL, a PRISM folder (posts.json + target.json), llmprivacy JSONL',
      )
      .addOption(new Option('--format <format>', 'how to read --data').choices(USER_FORMATS).default('auto'))
      .option(
        '-m, --model <id...>',
        'model id(s): offline, openai:<m>, anthropic:<m>, openai-compatible:<url>#<m>',
        defaultModel ? [defaultModel] : undefined,
      )
      .option('--limit <n>', 'first n users only', int('--limit', 1))
      .option('--seed <n>', 'seed recorded with the run', int('--seed'), 0)
      .option('--epochs <n>', 'repeat every user n times per model', int('--epochs', 1), 1)
      .option('--concurrency <n>', 'users in flight at once', int('--concurrency', 1), 4)
      .option('--text-only', 'drop images (PRISM text-only setting)')
      .option('--no-cache', 'do not use the response cache')
      .option('--resume <run>', 'continue a run: finished users are not asked again')
      .option('--retry-errors', 'with --resume: ask failed users again');
  const attributeAction = (kind: 'prism' | 'synthpai' | 'infer') => (flags: Record<string, unknown>) =>
    go((ctx) => {
      needFlags(flags, { data: '--data' });
      return attributeRunCommand(
        ctx,
        kind,
        {
          data: String(flags.data),
          format: flags.format as (typeof USER_FORMATS)[number],
          models: (flags.model as string[] | undefined) ?? ['offline'],
          epochs: flags.epochs as number,
          ...(flags.limit !== undefined ? { limit: flags.limit as number } : {}),
          seed: flags.seed as number,
          textOnly: Boolean(flags.textOnly),
          cache: flags.cache !== false,
        },
        {
          concurrency: flags.concurrency as number,
          ...(flags.resume ? { resume: String(flags.resume) } : {}),
          retryErrors: Boolean(flags.retryErrors),
        },
      );
    });

  attributeOptions(
    program.command('infer').description('attribute inference over users from any supported dataset path'),
    'offline',
  ).action(attributeAction('infer'));

  const bench = program
    .command('bench')
    .description('run a benchmark against a model; results go to the store as they arrive');
  attributeOptions(
    bench.command('prism').description('PRISM attribute inference (12 attributes) from posts + images'),
    'offline',
  ).action(attributeAction('prism'));
  attributeOptions(
    bench.command('synthpai').description('SynthPAI / llmprivacy attribute inference from comments'),
    'offline',
  ).action(attributeAction('synthpai'));

  bench
    .command('mllmu')
    .description(
      'MLLMU-Bench unlearning: classification, generation (ROUGE/BLEU), cloze on forget/test/retain/celebrity',
    )
    .option('-m, --model <id>', 'target model id')
    .option('--forget <parquet...>', 'forget-set parquet file(s)')
    .option('--test <parquet...>', 'Test_Set parquet file(s)')
    .option('--retain <parquet...>', 'retain-set parquet file(s)')
    .option('--celebrity <parquet...>', 'Real Celebrity (upstream Retain_Set) parquet file(s)')
    .option('--forget-ids <file>', 'Data_split/forget_*/forget_ids.json')
    .option('--judge <id>', 'optional factuality judge model for generation answers')
    .option('--tasks <task...>', 'classification generation cloze', ['classification', 'generation', 'cloze'])
    .option('--modalities <m...>', 'multimodal text', ['multimodal', 'text'])
    .option('--seed <n>', 'seed (few-shot draws, bootstrap)', int('--seed'), 0)
    .option(
      '--epochs <n>',
      'ask every question n times (each epoch its own store run; spread reported)',
      int('--epochs', 1),
      1,
    )
    .option('--concurrency <n>', 'questions in flight at once', int('--concurrency', 1), 4)
    .option('--no-cache', 'do not use the response cache')
    .option('--resume <run>', 'continue a run: answered questions are not asked again')
    .action((flags) =>
      go((ctx) => {
        needFlags(flags, { model: '--model' });
        return mllmuRunCommand(
          ctx,
          {
            parquet: Object.fromEntries(
              (['forget', 'test', 'retain', 'celebrity'] as const).flatMap((s) =>
                flags[s] ? [[s, flags[s]]] : [],
              ),
            ),
            ...(flags.forgetIds ? { forgetIds: flags.forgetIds } : {}),
            model: flags.model,
            ...(flags.judge ? { judge: flags.judge } : {}),
            tasks: flags.tasks,
            modalities: flags.modalities,
            seed: flags.seed,
            epochs: flags.epochs,
            cache: flags.cache !== false,
          },
          { concurrency: flags.concurrency, ...(flags.resume ? { resume: flags.resume } : {}) },
        );
      }),
    );

  program
    .command('scan')
    .description('risk scan of one draft post: revealed attributes, evidence, redactions')
    .option('--text <text>', 'the draft text')
    .option('--image <file>', 'an image to attach (png, jpg, webp, gif)')
    .option('-m, --model <id>', 'offline or a model id', 'offline')
    .option('--threshold <x>', 'report attributes revealed with at least this confidence (0–1)', Number)
    .option('--no-cache', 'do not use the response cache')
    .action((flags) => go((ctx) => scanCommand(ctx, flags)));

  program
    .command('score')
    .description(
      're-judge saved SPY-Bench responses (a run, or a result file in the official format): no target calls',
    )
    .argument('<run-or-file>', 'run id, or a SPY-Bench result file (.json list or .jsonl)')
    .option('--judge <id...>', '"rule" or model id(s)', ['rule'])
    .option('--label2text <file>', 'label texts for LLM judges')
    .option('--concurrency <n>', 'judgements in flight at once', int('--concurrency', 1), 4)
    .option('--no-cache', 'do not use the response cache')
    .option('--resume <run>', 'continue an interrupted re-scoring')
    .action((source, flags) =>
      go((ctx) => scoreCommand(ctx, source, { ...flags, cache: flags.cache !== false })),
    );

  program
    .command('compare')
    .description('runs side by side, matched per sample against the first, with CIs and a noise verdict')
    .argument('<runs...>', 'run ids (the first is the baseline; a run with several models compares them too)')
    .option('--seed <n>', 'bootstrap seed', int('--seed'), 0)
    .option('--resamples <n>', 'bootstrap resamples', int('--resamples', 1), 2000)
    .action((runs, flags) => go((ctx) => compareCommand(ctx, runs, flags)));

  program
    .command('demo')
    .description('the main job, offline: generate synthetic users → bench prism --model offline → report')
    .option('--users <n>', 'synthetic users', int('--users', 1), 24)
    .option('--seed <n>', 'seed', int('--seed'), 1)
    .option('--concurrency <n>', 'users in flight at once', int('--concurrency', 1), 2)
    .action((flags) => go((ctx) => demoCommand(ctx, flags)));

  program
    .command('report')
    .description('report.json, report.csv (every metric) and a self-contained report.html with charts')
    .argument('<runs...>', 'run id(s) (see `privlens runs`); several go into one page')
    .option('-o, --out <dir>', 'folder to write (default $PRIVLENS_HOME/reports/<run>)')
    .action((runIds, flags) => go((ctx) => reportCommand(ctx, runIds, flags)));

  bench
    .command('spy')
    .description("SPY-Bench: does the model obey the user's own privacy instructions (RtA, AtA, HMS, ICS)")
    .option(
      '--data <path>',
      'SPY-Bench data folder (questions.json, label2text.json, scenarios.json) or an items file',
    )
    .option('--label2text <file>', 'label2text.json, when not beside the items')
    .option('--scenarios <file>', 'scenarios.json, when not beside the items')
    .option('--images <dir>', 'VISPR images root; without it prompts go out text only')
    .option('-m, --model <id...>', 'target model id(s)')
    .option(
      '--judge <id...>',
      '"rule" (offline) or model id(s); the first gives eval_resp, pairs get Cohen\'s kappa',
      ['rule'],
    )
    .addOption(
      new Option('--defense <name>', 'training-free defense around the target')
        .choices(DEFENSES)
        .default('none'),
    )
    .addOption(
      new Option('--distractors <which>', 'instruction blocks with/without distractor labels')
        .choices(['with', 'without', 'both'])
        .default('both'),
    )
    .option('--limit <n>', 'first n samples only', int('--limit', 1))
    .option('--seed <n>', 'seed (scenario draws, bootstrap)', int('--seed'), 0)
    .option('--epochs <n>', 'ask every sample n times per model', int('--epochs', 1), 1)
    .option('--concurrency <n>', 'samples in flight at once', int('--concurrency', 1), 4)
    .option('--batch', 'send the target requests through the provider batch API first (cheaper, slower)')
    .option('--no-cache', 'do not use the response cache')
    .option('--resume <run>', 'continue a run: finished samples are not asked again')
    .option('--retry-errors', 'with --resume: ask failed samples again')
    .action((flags) =>
      go((ctx) => {
        needFlags(flags, { data: '--data', model: '--model' });
        return spyRunCommand(
          ctx,
          {
            data: flags.data,
            ...(flags.label2text ? { label2text: flags.label2text } : {}),
            ...(flags.scenarios ? { scenarios: flags.scenarios } : {}),
            ...(flags.images ? { images: flags.images } : {}),
            models: flags.model,
            judges: flags.judge,
            defense: flags.defense,
            distractors: flags.distractors,
            epochs: flags.epochs,
            ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
            seed: flags.seed,
            cache: flags.cache !== false,
            batch: Boolean(flags.batch),
          },
          {
            concurrency: flags.concurrency,
            ...(flags.resume ? { resume: flags.resume } : {}),
            retryErrors: Boolean(flags.retryErrors),
          },
        );
      }),
    );

  program
    .command('runs')
    .description('past runs: kind, status, records, errors, cost, seed, models (-v: config and versions)')
    .option('--kind <kind>', 'only runs of this kind')
    .option('-v, --verbose', 'also config and package versions')
    .action((flags) => go((ctx) => runsCommand(ctx, flags)));

  return program;
}
