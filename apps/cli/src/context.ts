import { createRequire } from 'node:module';
import { DatasetError } from '@privlens/datasets';
import { ModelError } from '@privlens/models';
import { defaultStoreFile, openStore, type Store, UnknownRunError } from '@privlens/store';
import { CliError, EXIT, type ExitCode } from './exit-codes.ts';

/** Options every command shares (commander's global options). */
export interface GlobalOptions {
  json?: boolean;
  store?: string;
  quiet?: boolean;
}

/** What a command gets: where to write, the store, and the signal Ctrl-C aborts. */
export interface CommandContext {
  readonly global: GlobalOptions;
  readonly signal: AbortSignal;
  store(): Store;
  /** Human lines go to stdout unless --json, where stdout carries only the final JSON document. */
  say(line: string): void;
  /** Diagnostics: always stderr. */
  warn(line: string): void;
}

export function createContext(
  global: GlobalOptions,
  signal: AbortSignal,
): CommandContext & { close(): void } {
  let store: Store | undefined;
  return {
    global,
    signal,
    store() {
      store ??= openStore(global.store ?? defaultStoreFile());
      return store;
    },
    say(line) {
      if (!global.json) process.stdout.write(`${line}\n`);
    },
    warn(line) {
      if (!global.quiet) process.stderr.write(`${line}\n`);
    },
    close() {
      store?.close();
    },
  };
}

const require = createRequire(import.meta.url);
const PACKAGES = [
  '@privlens/cli',
  '@privlens/datasets',
  '@privlens/metrics',
  '@privlens/models',
  '@privlens/store',
  '@privlens/agents',
  '@privlens/unlearning-eval',
];

/** Package name → version, written into each run header so a result traces back to the code that made it. */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      out[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      // A package that is not installed simply has no version to report.
    }
  }
  return out;
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  return error instanceof Error && (error.name === 'AbortError' || /aborted/i.test(error.message));
}

/** The one place errors become an exit code and a message naming file/row/field where known. */
export function classifyError(error: unknown): {
  code: ExitCode;
  message: string;
  details: Record<string, unknown>;
} {
  if (error instanceof CliError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof DatasetError)
    return {
      code: EXIT.input,
      message: error.message,
      details: { file: error.file, row: error.row, field: error.field },
    };
  if (error instanceof UnknownRunError)
    return { code: EXIT.unknownRun, message: error.message, details: { run: error.runId } };
  if (error instanceof ModelError)
    return { code: EXIT.provider, message: error.message, details: { model: error.modelId } };
  const named = error as { name?: string; index?: number; field?: string; message?: string };
  if (named?.name === 'ComplianceInputError' || named?.name === 'AttributeInputError')
    return {
      code: EXIT.input,
      message: named.message ?? String(error),
      details: { row: named.index, field: named.field },
    };
  return {
    code: EXIT.internal,
    message:
      error instanceof Error
        ? process.env.PRIVLENS_DEBUG
          ? (error.stack ?? error.message)
          : error.message
        : typeof error === 'object'
          ? JSON.stringify(error)
          : String(error),
    details: {},
  };
}

/** Prints the command's result: JSON on stdout for --json, else nothing more (commands said it already). */
export function emitJson(context: CommandContext, value: unknown): void {
  if (context.global.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
