import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';

describe('createRng', () => {
  it('repeats its stream for a seed and differs across seeds', () => {
    const a = Array.from({ length: 5 }, createRng(42).next);
    const draw = createRng(42);
    expect(Array.from({ length: 5 }, () => draw.next())).toEqual(a);
    const other = createRng(43);
    expect(Array.from({ length: 5 }, () => other.next())).not.toEqual(a);
  });

  it('derives forks from seed and label only, not from draws made before', () => {
    const fresh = createRng(7).fork('posts').next();
    const used = createRng(7);
    used.next();
    used.next();
    expect(used.fork('posts').next()).toBe(fresh);
    expect(createRng(7).fork('profile').next()).not.toBe(fresh);
  });

  it('draws weighted keys in proportion and never a zero weight', () => {
    const rng = createRng('w');
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[rng.weighted({ a: 1, b: 3, c: 0 })]! += 1;
    expect(counts.c).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.7);
    expect(counts.b! / counts.a!).toBeLessThan(3.3);
    expect(() => rng.weighted({ a: 0 })).toThrow(/no positive weight/);
  });
});
