/**
 * A process that runs inferUsers over scripted users against an OpenAI-compatible URL, with a SQLite
 * checkpointer and the SQLite response cache, printing one line per finished user. The resume test
 * SIGKILLs it halfway and runs it again.
 *
 *   node --conditions=source --import tsx infer-users-child.ts <baseURL> <dir> <users> <runId>
 */
import { join } from 'node:path';
import { createModel } from '@privlens/models';
import { inferUsers } from '../infer-users.ts';
import { MINI_ATTRIBUTES, scriptedUsers } from './scripted-users.ts';

const [baseURL, dir, count, runId] = process.argv.slice(2) as [string, string, string, string];
const model = createModel(`openai-compatible:${baseURL}#scripted-vlm`, {
  apiKey: 'test',
  cache: { file: join(dir, 'privlens.db') },
  maxRetries: 0,
});
const result = await inferUsers(scriptedUsers(Number(count)), {
  runId,
  model,
  attributeSet: MINI_ATTRIBUTES,
  checkpointer: join(dir, 'checkpoints.db'),
  concurrency: 2,
  onResult: (r) =>
    process.stdout.write(
      `${JSON.stringify({ userId: r.userId, status: r.status, fromCheckpoint: r.fromCheckpoint, top: r.guesses.map((g) => g.candidates[0]?.value ?? null) })}\n`,
    ),
});
process.stdout.write(`${JSON.stringify({ finished: result.results.length, failed: result.failedUsers })}\n`);
