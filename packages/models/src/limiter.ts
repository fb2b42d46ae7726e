/**
 * Adaptive concurrency per model (AIMD): a 429 halves the limit, a window of successes adds one slot back.
 * One limiter per model id in the process, so every Model object for that id shares the provider's budget.
 */
export interface LimiterOptions {
  /** Slots at start. */
  initial?: number;
  /** Upper bound when growing back. */
  max?: number;
  min?: number;
}

export interface LimiterTicket {
  /** How many decreases had happened when the slot was taken: a 429 from an older generation was already acted on. */
  readonly generation: number;
}

export interface LimiterSnapshot {
  limit: number;
  inFlight: number;
  queued: number;
  peakInFlight: number;
  decreases: number;
  increases: number;
}

export type CallOutcome = 'success' | 'rate-limited' | 'error';

interface Waiter {
  resolve: (ticket: LimiterTicket) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class AdaptiveLimiter {
  limit: number;
  readonly min: number;
  readonly max: number;
  private inFlight = 0;
  private peakInFlight = 0;
  private successes = 0;
  private decreases = 0;
  private increases = 0;
  private readonly queue: Waiter[] = [];
  private head = 0;

  constructor(options: LimiterOptions = {}) {
    this.max = Math.max(1, options.max ?? options.initial ?? 16);
    this.min = Math.max(1, Math.min(options.min ?? 1, this.max));
    this.limit = Math.min(this.max, Math.max(this.min, options.initial ?? this.max));
  }

  acquire(signal?: AbortSignal): Promise<LimiterTicket> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.inFlight < this.limit && this.head === this.queue.length) return Promise.resolve(this.take());
    return new Promise<LimiterTicket>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter, this.head);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
    });
  }

  release(ticket: LimiterTicket, outcome: CallOutcome): void {
    this.inFlight--;
    if (outcome === 'success') {
      // One slot more after a full window of successes at the current limit.
      if (++this.successes >= this.limit && this.limit < this.max) {
        this.limit++;
        this.increases++;
        this.successes = 0;
      }
    } else if (outcome === 'rate-limited' && ticket.generation === this.decreases) {
      this.limit = Math.max(this.min, Math.floor(this.limit / 2));
      this.decreases++;
      this.successes = 0;
    }
    this.drain();
  }

  snapshot(): LimiterSnapshot {
    return {
      limit: this.limit,
      inFlight: this.inFlight,
      queued: this.queue.length - this.head,
      peakInFlight: this.peakInFlight,
      decreases: this.decreases,
      increases: this.increases,
    };
  }

  private take(): LimiterTicket {
    this.inFlight++;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    return { generation: this.decreases };
  }

  private drain(): void {
    while (this.inFlight < this.limit && this.head < this.queue.length) {
      const waiter = this.queue[this.head++] as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.take());
    }
    // Compact now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}

const limiters = new Map<string, AdaptiveLimiter>();

/** The process-wide limiter of a model id; the first caller's options create it. */
export function limiterFor(modelId: string, options?: LimiterOptions): AdaptiveLimiter {
  let limiter = limiters.get(modelId);
  if (!limiter) {
    limiter = new AdaptiveLimiter(options);
    limiters.set(modelId, limiter);
  }
  return limiter;
}

/** Forget every limiter (tests, or a long-lived server reconfiguring a model). */
export function resetLimiters(): void {
  limiters.clear();
}
