import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { openStore } from '@privlens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestUser, scriptedInferenceAnswer } from './testing/scripted-answers.ts';
import { runScriptedInference, type ScriptedRunLine as Line } from './testing/scripted-inference-run.ts';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'testing', 'infer-users-child.ts');
const USERS = 10;
const CALLS_PER_USER = 4; // two posts perceived, two targets reasoned

/** Runs the child; `killAfter` SIGKILLs it once that many users have been reported done. */
function runChild(args: string[], killAfter: number): Promise<{ lines: Line[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', CHILD, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: Line[] = [];
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      if (lines.filter((l) => l.userId).length === killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lines, killed: true });
      else if (code === 0) resolve({ lines, killed: false });
      else reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
}

let server: FakeServer;
let dir: string;
beforeAll(async () => {
  // Slow enough that a kill lands mid-run, fast enough for the suite.
  server = await startFakeOpenAI({ answer: scriptedInferenceAnswer, latencyMs: 40 });
  dir = mkdtempSync(join(tmpdir(), 'privlens-resume-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const chatUsers = (from: number) =>
  server.requests
    .slice(from)
    .filter((r) => r.path === '/v1/chat/completions')
    .map((r) => requestUser({ text: JSON.stringify((r.body as { messages: unknown }).messages) }));

describe('inferUsers after SIGKILL', () => {
  it('resumes from the SQLite checkpoints without asking again about finished users', async () => {
    const args = [server.baseURL, dir, String(USERS), 'run-1'];
    const first = await runChild(args, 3);
    expect(first.killed).toBe(true);
    const finished = new Set(first.lines.filter((l) => l.status === 'done').map((l) => l.userId as string));
    expect(finished.size).toBeGreaterThanOrEqual(3);
    expect(finished.size).toBeLessThan(USERS);
    const firstCalls = chatUsers(0);
    for (const id of finished) expect(firstCalls.filter((u) => u === id)).toHaveLength(CALLS_PER_USER);

    // The rerun needs no second process (a process start costs seconds): what it resumes from is what the
    // killed process left in the SQLite files.
    const mark = server.requests.length;
    const second = { lines: [] as Line[] };
    const store = openStore(join(dir, 'privlens.db'));
    try {
      await runScriptedInference({
        baseURL: server.baseURL,
        dir,
        users: USERS,
        runId: 'run-1',
        store,
        onLine: (line) => second.lines.push(line),
      });
    } finally {
      store.close();
    }
    const results = second.lines.filter((l) => l.userId);
    expect(results).toHaveLength(USERS);
    expect(second.lines.at(-1)).toEqual({ finished: USERS, failed: 0 });
    // Every user reported before the kill comes from its checkpoint; so may one the kill caught between its
    // final checkpoint and its output line (at most the two in flight).
    const restored = results.filter((r) => r.fromCheckpoint).map((r) => r.userId as string);
    for (const id of finished) expect(restored).toContain(id);
    expect(restored.length - finished.size).toBeLessThanOrEqual(2);
    for (const r of results) {
      expect(r.status).toBe('done');
      expect(r.top).toEqual(
        Number((r.userId as string).slice(1)) % 2 ? ['teacher', 'France'] : ['nurse', 'Portugal'],
      );
    }

    const secondCalls = chatUsers(mark);
    // Not one call about a user restored from its checkpoint; the others are asked at most once more per call.
    expect(secondCalls.filter((u) => restored.includes(u as string))).toEqual([]);
    const unfinished = USERS - finished.size;
    expect(secondCalls.length).toBeLessThanOrEqual(unfinished * CALLS_PER_USER);
    // Calls answered before the kill come from checkpoints or the response cache: across both runs, at most
    // the few in flight at the moment of the kill were made twice.
    expect(firstCalls.length + secondCalls.length).toBeLessThanOrEqual(USERS * CALLS_PER_USER + 4);
    expect(firstCalls.length + secondCalls.length).toBeGreaterThanOrEqual(USERS * CALLS_PER_USER);
  }, 60_000);
});
