import { MalformedResponseError, ModelError, ModelTimeoutError, ProviderError } from './errors.ts';
import type { AdaptiveLimiter } from './limiter.ts';

export interface RetryPolicy {
  /** Retries after the first attempt; 0 means none. privlens' only retry layer (SDK retries are off). */
  maxRetries: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  timeoutMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Retry-After in ms from `retry-after-ms`, `retry-after` seconds or an HTTP date. */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = headerOf(headers, 'retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headerOf(headers, 'retry-after');
  if (after === undefined) return undefined;
  if (Number.isFinite(Number(after))) return Math.max(0, Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ENOTFOUND',
]);

function findIn(error: unknown, pick: (e: Record<string, unknown>) => unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const found = pick(current as Record<string, unknown>);
    if (found !== undefined) return found;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps whatever an SDK threw to a ModelError with an honest `retryable`. */
export function classifyError(modelId: string, error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  const status = findIn(error, (e) => (typeof e.status === 'number' ? e.status : undefined)) as
    | number
    | undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (status !== undefined) {
    const headers = findIn(error, (e) => e.headers ?? undefined);
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const after = retryAfterMs(headers);
    return new ProviderError(modelId, `model "${modelId}": HTTP ${status}: ${message}`, {
      status,
      retryable,
      cause: error,
      ...(after !== undefined ? { retryAfterMs: after } : {}),
    });
  }
  const name = error instanceof Error ? error.name : '';
  const code = findIn(error, (e) => (typeof e.code === 'string' ? e.code : undefined)) as string | undefined;
  if (name === 'SyntaxError' || findIn(error, (e) => (e instanceof SyntaxError ? true : undefined))) {
    return new MalformedResponseError(modelId, '', `unparsable response body (${message})`, error);
  }
  if (
    name === 'APIConnectionError' ||
    name === 'APIConnectionTimeoutError' ||
    name === 'TimeoutError' ||
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    /fetch failed|socket hang up|other side closed|terminated|Connection error/i.test(message)
  ) {
    return new ProviderError(modelId, `model "${modelId}": connection failed: ${message}`, {
      retryable: true,
      cause: error,
    });
  }
  return new ModelError(modelId, `model "${modelId}": ${message}`, { cause: error });
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts; leaves no listener behind either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

export interface AttemptHooks {
  onRetry?: (error: ModelError, attempt: number, delayMs: number) => void;
}

/**
 * Runs `attempt` under the limiter with a timeout per attempt, retrying retryable failures with exponential
 * backoff and jitter. The slot is released before any wait, so a Retry-After sleep never holds capacity.
 */
export async function callWithRetries<T>(
  modelId: string,
  limiter: AdaptiveLimiter,
  policy: RetryPolicy,
  attempt: (signal: AbortSignal) => Promise<T>,
  signal?: AbortSignal,
  hooks: AttemptHooks = {},
): Promise<T> {
  for (let tries = 0; ; tries++) {
    const ticket = await limiter.acquire(signal);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new ModelTimeoutError(modelId, policy.timeoutMs));
    }, policy.timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let failure: ModelError;
    try {
      const result = await attempt(controller.signal);
      limiter.release(ticket, 'success');
      return result;
    } catch (error) {
      if (signal?.aborted) {
        limiter.release(ticket, 'error');
        throw signal.reason;
      }
      failure = timedOut ? new ModelTimeoutError(modelId, policy.timeoutMs) : classifyError(modelId, error);
      limiter.release(
        ticket,
        failure instanceof ProviderError && failure.status === 429 ? 'rate-limited' : 'error',
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (!failure.retryable || failure instanceof MalformedResponseError || tries >= policy.maxRetries)
      throw failure;
    const delay =
      (failure instanceof ProviderError ? failure.retryAfterMs : undefined) ?? backoffMs(tries, policy);
    hooks.onRetry?.(failure, tries + 1, delay);
    await sleep(delay, signal);
  }
}
