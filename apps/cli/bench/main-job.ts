/**
 * Times the README's main job (`npm start` = `privlens demo`: offline generator → bench prism --model offline →
 * report) in a fresh PRIVLENS_HOME, as a fresh machine would run it after `npm ci`.
 * Run: node --conditions=source --import tsx apps/cli/bench/main-job.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'privlens-main-job-'));
const started = performance.now();
const result = spawnSync('npm', ['start'], {
  cwd: root,
  env: { ...process.env, PRIVLENS_HOME: home },
  encoding: 'utf8',
});
const seconds = (performance.now() - started) / 1000;
const report = /The report is at (.+)$/m.exec(result.stdout)?.[1];
console.log(
  `exit ${result.status}; wall ${seconds.toFixed(1)} s on ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
);
console.log(`headline: ${/top-1 [^\n]+/.exec(result.stdout)?.[0] ?? '?'}`);
console.log(`demo says: ${/^Wall time .+$/m.exec(result.stdout)?.[0] ?? '(no wall time line)'}`);
console.log(`report: ${report ?? '(none)'} ${report && existsSync(report) ? '(exists)' : '(missing)'}`);
if (result.status !== 0) console.log(result.stderr.slice(-2000));
rmSync(home, { recursive: true, force: true });
