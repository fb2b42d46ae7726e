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
  /** Stores a JSON-serialisable value; a second put of the same key replaces it. */
  put(key: string, value: unknown): void;
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

export function createCache(db: Database.Database): ResponseCache {
  const select = db.prepare<[string], CacheRow>('SELECT * FROM cache WHERE key = ?');
  const markHit = db.prepare('UPDATE cache SET hits = hits + 1, last_hit_at = ? WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO cache (key, value, created_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at, hits = 0, last_hit_at = NULL`,
  );
  const remove = db.prepare('DELETE FROM cache WHERE key = ?');
  const removeAll = db.prepare('DELETE FROM cache');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cache');

  return {
    get(key) {
      const row = select.get(key);
      if (!row) return undefined;
      markHit.run(Date.now(), key);
      return JSON.parse(row.value);
    },
    entry(key) {
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
      return select.get(key) !== undefined;
    },
    put(key, value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`cache.put(${key}): value is not JSON-serialisable`);
      upsert.run(key, json, Date.now());
    },
    delete(key) {
      return remove.run(key).changes > 0;
    },
    clear() {
      return removeAll.run().changes;
    },
    size() {
      return count.get()?.n ?? 0;
    },
  };
}
