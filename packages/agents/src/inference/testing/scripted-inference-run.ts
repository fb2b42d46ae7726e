import { join } from 'node:path';
import { createModel } from '@privlens/models';
import type { Store } from '@privlens/store';
import { inferUsers } from '../infer-users.ts';
import { MINI_ATTRIBUTES, scriptedUsers } from './scripted-users.ts';

/** What the resume test reads: one line per finished user, then a summary. */
export interface ScriptedRunLine {
  userId?: string;
  status?: string;
  fromCheckpoint?: boolean;
  top?: (string | null)[];
  finished?: number;
  failed?: number;
}

/**
 * inferUsers over scripted users against an OpenAI-compatible URL, with the SQLite checkpointer and response
 * cache in `dir`: the run the resume test kills in a child process and then finishes.
 */
export async function runScriptedInference(options: {
  baseURL: string;
  dir: string;
  users: number;
  runId: string;
  /** The response cache: a store the caller opened, or the file in `dir`. */
  store?: Store;
  onLine: (line: ScriptedRunLine) => void;
}): Promise<void> {
  const model = createModel(`openai-compatible:${options.baseURL}#scripted-vlm`, {
    apiKey: 'test',
    cache: options.store ?? { file: join(options.dir, 'privlens.db') },
    maxRetries: 0,
  });
  const result = await inferUsers(scriptedUsers(options.users), {
    runId: options.runId,
    model,
    attributeSet: MINI_ATTRIBUTES,
    checkpointer: join(options.dir, 'checkpoints.db'),
    concurrency: 2,
    onResult: (r) =>
      options.onLine({
        userId: r.userId,
        status: r.status,
        fromCheckpoint: r.fromCheckpoint,
        top: r.guesses.map((g) => g.candidates[0]?.value ?? null),
      }),
  });
  options.onLine({ finished: result.results.length, failed: result.failedUsers });
}
