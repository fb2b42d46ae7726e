// Child process for the kill -9 test: appends records forever, acknowledging each on stdout after it returned.
import { openStore } from '../open-store.ts';

const [file, runId] = process.argv.slice(2);
if (!file || !runId) throw new Error('usage: append-forever.ts <file> <runId>');
const store = openStore(file);
for (let i = 1; ; i++) {
  store.runs.append(runId, { i, key: `k${i}` });
  process.stdout.write(`${i}\n`);
  if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
}
