import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter, limiterFor } from './limiter.ts';

describe('AdaptiveLimiter', () => {
  it('bounds concurrency and queues the rest in order', async () => {
    const limiter = new AdaptiveLimiter({ initial: 2, max: 2 });
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const order: string[] = [];
    const c = limiter.acquire().then((t) => {
      order.push('c');
      return t;
    });
    const d = limiter.acquire().then((t) => {
      order.push('d');
      return t;
    });
    await Promise.resolve();
    expect(limiter.snapshot()).toMatchObject({ inFlight: 2, queued: 2 });
    limiter.release(a, 'success');
    limiter.release(b, 'success');
    await Promise.all([c, d]);
    expect(order).toEqual(['c', 'd']);
    expect(limiter.snapshot().peakInFlight).toBe(2);
  });

  it('halves once per generation of 429s and grows back one slot per window of successes', async () => {
    const limiter = new AdaptiveLimiter({ initial: 8, max: 8 });
    const tickets = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
    // All eight were in flight at the old limit: only the first 429 counts.
    for (const ticket of tickets) limiter.release(ticket, 'rate-limited');
    expect(limiter.snapshot()).toMatchObject({ limit: 4, decreases: 1 });
    const next = await limiter.acquire();
    limiter.release(next, 'rate-limited');
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 2; i++) limiter.release(await limiter.acquire(), 'success');
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 3 + 4 + 5 + 6 + 7; i++) limiter.release(await limiter.acquire(), 'success');
    expect(limiter.limit).toBe(8);
    expect(limiter.snapshot().increases).toBe(6);
  });

  it('never goes below the minimum', async () => {
    const limiter = new AdaptiveLimiter({ initial: 1, max: 4 });
    limiter.release(await limiter.acquire(), 'rate-limited');
    expect(limiter.limit).toBe(1);
  });

  it('drops a queued waiter whose signal aborts', async () => {
    const limiter = new AdaptiveLimiter({ initial: 1, max: 1 });
    const held = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.snapshot().queued).toBe(0);
    limiter.release(held, 'success');
    expect(limiter.snapshot().inFlight).toBe(0);
  });

  it('is shared per model id', () => {
    expect(limiterFor('openai:shared-test')).toBe(limiterFor('openai:shared-test'));
    expect(limiterFor('openai:shared-test')).not.toBe(limiterFor('openai:other-test'));
  });
});
