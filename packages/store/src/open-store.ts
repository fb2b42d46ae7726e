import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type BatchStore, createBatchStore } from './batches.ts';
import { createCache, type ResponseCache } from './cache.ts';
import { createRunStore, type RunStore } from './runs.ts';
import { migrate } from './schema.ts';

export interface Store {
  readonly file: string;
  readonly cache: ResponseCache;
  readonly runs: RunStore;
  readonly batches: BatchStore;
  /** The raw connection, for maintenance (VACUUM, backups); not for domain data. */
  readonly db: Database.Database;
  close(): void;
}

/** `$PRIVLENS_HOME/privlens.db`, with PRIVLENS_HOME defaulting to `./.privlens`. */
export function defaultStoreFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(resolve(env.PRIVLENS_HOME || '.privlens'), 'privlens.db');
}

export class StoreOpenError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot open store "${file}": ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'StoreOpenError';
  }
}

export function openStore(file: string = defaultStoreFile()): Store {
  const memory = file === ':memory:';
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(dirname(resolve(file)), { recursive: true });
    db = new Database(file);
    // WAL: readers never block the writer, and with synchronous=NORMAL a commit survives a killed process
    // (only an OS crash can lose the last commits), while a commit costs microseconds, not an fsync.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    throw new StoreOpenError(file, error);
  }
  const cache = createCache(db);
  return {
    file: memory ? file : resolve(file),
    cache,
    runs: createRunStore(db),
    batches: createBatchStore(db),
    db,
    close() {
      if (!db.open) return;
      cache.flush();
      db.close();
    },
  };
}
