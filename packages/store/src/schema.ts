import type Database from 'better-sqlite3';

// Bump when a table changes shape; `migrate` brings older files forward in place.
const SCHEMA_VERSION = 1;

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= SCHEMA_VERSION) return;
  db.exec(`
    CREATE TABLE IF NOT EXISTS cache (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      hits INTEGER NOT NULL DEFAULT 0,
      last_hit_at INTEGER
    );
    CREATE TABLE IF NOT EXISTS runs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      config TEXT NOT NULL,
      models TEXT NOT NULL,
      versions TEXT NOT NULL,
      seed INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      status TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS records (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      key TEXT,
      data TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (run_id, seq)
    );
    -- No index on key: doneKeys scans one run through the primary key, and every extra index is one more
    -- page written per committed record.
    CREATE TABLE IF NOT EXISTS batches (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL,
      model_id TEXT NOT NULL,
      provider_batch_id TEXT,
      status TEXT NOT NULL,
      data TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
