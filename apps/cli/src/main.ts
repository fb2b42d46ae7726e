#!/usr/bin/env node
import { setMaxListeners } from 'node:events';
import { CommanderError } from 'commander';
import { classifyError, createContext, type GlobalOptions } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { buildProgram, type CommandOutcome } from './program.ts';

const controller = new AbortController();
// Graphs add one abort listener per parallel task; dozens are expected.
setMaxListeners(0, controller.signal);
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts++;
    // A second Ctrl-C means "now": everything already returned is committed, so leaving is safe.
    if (interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write(`\n${signal}: stopping; finished samples are saved\n`);
    controller.abort(new DOMException('interrupted', 'AbortError'));
  });
}

let exitCode: number = EXIT.ok;
let jsonMode = false;

async function run(
  global: GlobalOptions,
  action: (ctx: ReturnType<typeof createContext>) => Promise<CommandOutcome> | CommandOutcome,
) {
  jsonMode = Boolean(global.json);
  const context = createContext(global, controller.signal);
  try {
    const outcome = await action(context);
    const code = (outcome as { exitCode?: unknown } | undefined)?.exitCode;
    exitCode = typeof code === 'number' ? code : EXIT.ok;
  } finally {
    context.close();
  }
}

try {
  await buildProgram(run).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not failures; anything else commander rejects is a usage error.
    exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const { code, message, details } = classifyError(error);
    exitCode = code;
    if (jsonMode)
      process.stdout.write(`${JSON.stringify({ error: { code, message, ...details } }, null, 2)}\n`);
    process.stderr.write(`privlens: ${message}\n`);
  }
}
const { closeOwnedStores } = await import('@privlens/models');
closeOwnedStores();
process.exitCode = exitCode;
// Graph runtimes and HTTP agents may keep handles open; the work is done and committed.
setImmediate(() => process.exit(exitCode));
