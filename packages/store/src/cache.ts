import type Database from 'better-sqlite3';

export interface CacheEntry {
  key: string;
  value: unknown;
  createdAt: number;
  hits: number;
  lastHitAt: number | null;
}

export interface ResponseCache {
  /** The stored value, or undefined. A hit is counted on the row. */
  get(key: string): unknown;
  /** Full row with its bookkeeping, without counting a hit. */
  entry(key: string): CacheEntry | undefined;
  has(key: string): boolean;
  /** Stores a JSON-serialisable value, committed before returning; a second put of a key replaces it. */
  put(key: string, value: unknown): void;
  /**
   * Buffers the value and commits buffered values together in one transaction on the next turn of the event
   * loop (or at 256 entries, or on close): for hot paths, where a commit per entry costs more than the work.
   * get/has see buffered values at once. A crash can lose the last few milliseconds of buffered entries.
   */
  putSoon(key: string, value: unknown): void;
  /** Commits buffered putSoon values now. */
  flush(): void;
  delete(key: string): boolean;
  /** Removes every entry; returns how many were removed. */
  clear(): number;
  size(): number;
}

interface CacheRow {
  key: string;
  value: string;
  created_at: number;
  hits: number;
  last_hit_at: number | null;
}

export function createCache(db: Database.Database): ResponseCache & { pending(): number } {
  const select = db.prepare<[string], CacheRow>('SELECT * FROM cache WHERE key = ?');
  const markHits = db.prepare('UPDATE cache SET hits = hits + ?, last_hit_at = ? WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO cache (key, value, created_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at, hits = 0, last_hit_at = NULL`,
  );
  const remove = db.prepare('DELETE FROM cache WHERE key = ?');
  const removeAll = db.prepare('DELETE FROM cache');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cache');

  const buffer = new Map<string, string>();
  // Hit counts are bookkeeping, not data: they are written with the next flush, never one commit per hit.
  const hits = new Map<string, number>();
  let scheduled = false;
  const commitBuffer = db.transaction((entries: [string, string][], marks: [string, number][]) => {
    const now = Date.now();
    for (const [key, json] of entries) upsert.run(key, json, now);
    for (const [key, n] of marks) markHits.run(n, now, key);
  });
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }
  function flush(): void {
    scheduled = false;
    if ((buffer.size === 0 && hits.size === 0) || !db.open) return;
    const entries = [...buffer];
    const marks = [...hits];
    buffer.clear();
    hits.clear();
    commitBuffer(entries, marks);
  }
  function serialise(key: string, value: unknown): string {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`cache.put(${key}): value is not JSON-serialisable`);
    return json;
  }

  return {
    pending: () => buffer.size,
    flush,
    putSoon(key, value) {
      buffer.set(key, serialise(key, value));
      if (buffer.size >= 256) flush();
      else schedule();
    },
    get(key) {
      const buffered = buffer.get(key);
      if (buffered !== undefined) return JSON.parse(buffered);
      const row = select.get(key);
      if (!row) return undefined;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      schedule();
      return JSON.parse(row.value);
    },
    entry(key) {
      flush();
      const row = select.get(key);
      if (!row) return undefined;
      return {
        key: row.key,
        value: JSON.parse(row.value),
        createdAt: row.created_at,
        hits: row.hits,
        lastHitAt: row.last_hit_at,
      };
    },
    has(key) {
      return buffer.has(key) || select.get(key) !== undefined;
    },
    put(key, value) {
      buffer.delete(key);
      upsert.run(key, serialise(key, value), Date.now());
    },
    delete(key) {
      const buffered = buffer.delete(key);
      return remove.run(key).changes > 0 || buffered;
    },
    clear() {
      flush();
      return removeAll.run().changes;
    },
    size() {
      flush();
      return count.get()?.n ?? 0;
    },
  };
}
