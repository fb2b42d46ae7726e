import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { defaultStoreFile } from '@privlens/store';

/** Graph checkpoints live beside the store: `$PRIVLENS_HOME/checkpoints.db`. */
export function defaultCheckpointFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dirname(defaultStoreFile(env)), 'checkpoints.db');
}

/** A SQLite checkpointer; `':memory:'` for one that dies with the process. */
export function openCheckpointer(file: string = defaultCheckpointFile()): SqliteSaver {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return SqliteSaver.fromConnString(file);
}

/** One thread per user and run, so a rerun of the run finds each user's own progress. */
export function userThreadId(runId: string, userId: string): string {
  return `${runId}::${userId}`;
}

/** Closes the SQLite file of a checkpointer this package opened; other savers are left alone. */
export function closeCheckpointer(saver: unknown): void {
  if (saver instanceof SqliteSaver && saver.db.open) saver.db.close();
}
