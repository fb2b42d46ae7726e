import { describe, expect, it } from 'vitest';
import { MalformedResponseError, ModelTimeoutError, ProviderError } from './errors.ts';
import { AdaptiveLimiter } from './limiter.ts';
import { backoffMs, callWithRetries, classifyError, DEFAULT_RETRY_POLICY, retryAfterMs } from './retry.ts';

describe('retryAfterMs', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000);
    expect(retryAfterMs({})).toBeUndefined();
  });
});

describe('classifyError', () => {
  it('marks 429, 5xx and connection failures retryable, other 4xx not', () => {
    const status = (s: number) =>
      Object.assign(new Error('x'), { status: s, headers: { 'retry-after': '1' } });
    const rate = classifyError('m', status(429));
    expect(rate).toBeInstanceOf(ProviderError);
    expect(rate).toMatchObject({ status: 429, retryable: true, retryAfterMs: 1000 });
    expect(classifyError('m', status(503)).retryable).toBe(true);
    expect(classifyError('m', status(400)).retryable).toBe(false);
    expect(classifyError('m', Object.assign(new Error('read'), { code: 'ECONNRESET' })).retryable).toBe(true);
    expect(classifyError('m', new SyntaxError('Unexpected token'))).toBeInstanceOf(MalformedResponseError);
  });
});

describe('callWithRetries', () => {
  const fast = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 2, timeoutMs: 1000 };

  it('retries retryable failures up to maxRetries, then throws the last', async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('boom'), { status: 500 }));
    };
    await expect(
      callWithRetries('m', new AdaptiveLimiter(), { ...fast, maxRetries: 2 }, failing),
    ).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      callWithRetries('m', new AdaptiveLimiter(), { ...fast, maxRetries: 0 }, failing),
    ).rejects.toThrow(/HTTP 500/);
    expect(calls).toBe(1);
  });

  it('times an attempt out through its signal', async () => {
    const hang = (signal: AbortSignal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    await expect(
      callWithRetries('m', new AdaptiveLimiter(), { ...fast, timeoutMs: 30, maxRetries: 0 }, hang),
    ).rejects.toBeInstanceOf(ModelTimeoutError);
  });

  it('backs off exponentially with jitter inside [ceiling/2, ceiling]', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(0, policy, () => 0)).toBe(50);
    expect(backoffMs(2, policy, () => 1)).toBe(400);
    expect(backoffMs(10, policy, () => 1)).toBe(1000);
  });
});
