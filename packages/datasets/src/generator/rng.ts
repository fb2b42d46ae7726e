/**
 * A small seeded PRNG (sfc32 seeded through splitmix32), so generated users depend on the seed alone and not
 * on Math.random or the Node version. `fork(label)` derives a stream from the seed and the label alone, so adding a draw in one
 * stage (say, posts) does not shift the values drawn in another (the profile).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A key drawn with probability proportional to its weight; throws if no weight is positive. */
  weighted(weights: Readonly<Record<string, number>>): string;
  normal(mean: number, sd: number): number;
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct items (fewer if the list is shorter). */
  sample<T>(items: readonly T[], k: number): T[];
  fork(label: string): Rng;
}

function hashString(text: string, seed: number): number {
  // FNV-1a, mixed with the seed; enough to spread labels over the state space.
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number | string): Rng {
  const numericSeed = typeof seed === 'number' ? seed >>> 0 : hashString(seed, 0);
  const init = splitmix32(numericSeed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const raw = (): number => {
    // sfc32
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) raw();

  const rng: Rng = {
    next: () => raw() / 4294967296,
    int: (min, max) => min + Math.floor(rng.next() * (max - min + 1)),
    chance: (p) => rng.next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(rng.next() * items.length)] as (typeof items)[number];
    },
    weighted: (weights) => {
      const entries = Object.entries(weights).filter(([, w]) => w > 0);
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      if (entries.length === 0 || !(total > 0)) throw new Error('no positive weight to draw from');
      let x = rng.next() * total;
      for (const [key, w] of entries) {
        x -= w;
        if (x < 0) return key;
      }
      return entries[entries.length - 1]![0];
    },
    normal: (mean, sd) => {
      // Box–Muller; 1 - next() keeps log away from 0.
      const u = 1 - rng.next();
      const v = rng.next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    sample: (items, k) => rng.shuffle(items).slice(0, Math.max(0, k)),
    fork: (label) => createRng(hashString(label, numericSeed)),
  };
  return rng;
}
