import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/cli-process.ts';

const home = mkdtempSync(join(tmpdir(), 'privlens-errors-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('exit codes and errors a script can rely on', () => {
  it('names file, row and field of bad data (3), an unknown run (4) and a bad flag (2)', async () => {
    const bad = join(home, 'users.jsonl');
    writeFileSync(
      bad,
      `${JSON.stringify({ id: 'u1', posts: [] })}\n${JSON.stringify({ id: 'u2', posts: [{ id: 'p1', text: 7 }] })}\n`,
    );
    const env = { PRIVLENS_HOME: home };
    const [data, unknown, usage] = await Promise.all([
      runCli(['--json', 'infer', '--data', bad, '--format', 'privlens'], env),
      runCli(['--json', 'report', 'no-such-run'], env),
      runCli(['bench', 'spy', '--concurrency', 'many'], env),
    ]);
    expect(data.code, data.stderr).toBe(3);
    const error = (JSON.parse(data.stdout) as { error: Record<string, unknown> }).error;
    expect(error).toMatchObject({ code: 3, file: bad, row: 2, field: 'posts.0.text' });
    expect(data.stderr).toContain(`${bad}, row 2, field posts.0.text`);

    expect(unknown.code).toBe(4);
    expect((JSON.parse(unknown.stdout) as { error: { run: string } }).error.run).toBe('no-such-run');

    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--concurrency must be an integer');
  }, 60_000);
});
