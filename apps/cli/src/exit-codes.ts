/**
 * Exit codes a script can rely on. They are part of the CLI's contract (documented in the README): change
 * none of them, only add.
 */
export const EXIT = {
  ok: 0,
  /** A bug or an unexpected failure (the message says what). */
  internal: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** Bad input data: the message names the file, row and field. */
  input: 3,
  /** The run named does not exist in the store. */
  unknownRun: 4,
  /** The run finished, but some samples failed (rerun with --resume <run> --retry-errors). */
  partial: 5,
  /** A model provider could not be reached or refused (key, quota, network). */
  provider: 6,
  /** Stopped by Ctrl-C / SIGTERM: everything finished so far is saved, the run is marked interrupted (resumable). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports in one line, with the exit code it stands for. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
}
