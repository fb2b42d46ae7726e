/**
 * A process that runs the scripted inference (SQLite checkpointer and response cache in <dir>), printing one
 * JSON line per finished user. The resume test SIGKILLs it halfway, then finishes the run.
 *
 *   node --conditions=source --import tsx infer-users-child.ts <baseURL> <dir> <users> <runId>
 */
import { runScriptedInference } from './scripted-inference-run.ts';

const [baseURL, dir, users, runId] = process.argv.slice(2) as [string, string, string, string];
await runScriptedInference({
  baseURL,
  dir,
  users: Number(users),
  runId,
  onLine: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
});
