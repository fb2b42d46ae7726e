import cliProgress from 'cli-progress';

export interface Progress {
  /** One unit finished (a sample, a user, a question). */
  tick(update?: { error?: boolean; costUsd?: number }): void;
  /** A unit already counted turned out failed. */
  fail(): void;
  /** Units found already done (resume): counted, but not in the rate. */
  skip(count: number): void;
  setTotal(total: number): void;
  stop(): void;
  readonly errors: number;
  readonly spend: number;
}

/**
 * Live progress on stderr: done/total, rate, ETA, errors, spend. On a terminal it redraws one line; off one
 * (CI, pipes, tests) it prints a line every few seconds, so logs stay readable.
 */
export function createProgress(label: string, total: number, options: { quiet?: boolean } = {}): Progress {
  let errors = 0;
  let spend = 0;
  let done = 0;
  let skipped = 0;
  const started = Date.now();
  const bar = options.quiet
    ? undefined
    : new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${label} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted} | errors {errors} | $\{spend}`,
          noTTYOutput: true,
          notTTYSchedule: 2000,
          etaBuffer: 50,
          hideCursor: false,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
  const payload = () => {
    const seconds = (Date.now() - started) / 1000;
    return {
      errors,
      spend: spend.toFixed(4),
      rate: seconds > 0 ? (done / seconds).toFixed(2) : '0.00',
    };
  };
  bar?.start(total, 0, payload());
  return {
    tick(update = {}) {
      done++;
      if (update.error) errors++;
      spend += update.costUsd ?? 0;
      bar?.update(skipped + done, payload());
    },
    fail() {
      errors++;
      bar?.update(skipped + done, payload());
    },
    skip(count) {
      skipped += count;
      bar?.update(skipped + done, payload());
    },
    setTotal(next) {
      bar?.setTotal(next);
    },
    stop() {
      bar?.update(skipped + done, payload());
      bar?.stop();
    },
    get errors() {
      return errors;
    },
    get spend() {
      return spend;
    },
  };
}
