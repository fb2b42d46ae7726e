// Cost of one committed run record and one cache round trip on a real file (WAL, synchronous=NORMAL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'privlens-bench-'));
const store = openStore(join(dir, 'privlens.db'));
const run = store.runs.create({ kind: 'bench' });
const n = 20_000;
const record = {
  key: '',
  label: 'respond',
  text: 'x'.repeat(400),
  usage: { inputTokens: 120, outputTokens: 40 },
};

let start = process.hrtime.bigint();
for (let i = 0; i < n; i++) store.runs.append(run.id, { ...record, key: `k${i}` });
const appendMs = Number(process.hrtime.bigint() - start) / 1e6 / n;

start = process.hrtime.bigint();
for (let i = 0; i < n; i++) store.cache.put(`key-${i}`, record);
const putMs = Number(process.hrtime.bigint() - start) / 1e6 / n;

start = process.hrtime.bigint();
for (let i = 0; i < n; i++) store.cache.get(`key-${i}`);
const getMs = Number(process.hrtime.bigint() - start) / 1e6 / n;

// putSoon as the model hot path uses it: 32 results per event-loop turn, one transaction per turn.
start = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
  store.cache.putSoon(`soon-${i}`, record);
  if (i % 32 === 31) await new Promise((resolve) => setImmediate(resolve));
}
store.cache.flush();
const soonMs = Number(process.hrtime.bigint() - start) / 1e6 / n;

console.log(`runs.append (one commit each): ${appendMs.toFixed(4)} ms/record`);
console.log(
  `cache.put: ${putMs.toFixed(4)} ms, cache.putSoon: ${soonMs.toFixed(4)} ms, cache.get: ${getMs.toFixed(4)} ms`,
);
store.close();
rmSync(dir, { recursive: true, force: true });
