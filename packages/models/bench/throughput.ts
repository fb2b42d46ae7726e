// 2,000 chat requests through createModel against a local OpenAI-compatible server answering after 50 ms,
// concurrency 32. Ideal = 32 / 0.050 s = 640 req/s. Prints the fraction of ideal and the harness's CPU per
// request (this process only: the server runs in a child process).
// Run: node --conditions=source --import tsx packages/models/bench/throughput.ts [requests] [concurrency] [latencyMs]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { Agent, request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { openStore } from '@privlens/store';
import { createModel } from '../src/index.ts';

const total = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 32);
const latencyMs = Number(process.argv[4] ?? 50);
const ideal = concurrency / (latencyMs / 1000);

const server = spawn(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    'tsx',
    new URL('./fake-server-process.ts', import.meta.url).pathname,
    String(latencyMs),
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
const { baseURL } = JSON.parse(line) as { baseURL: string };

const prompt = (i: number) => `question ${i}: how old is the author of this post?`;
type Call = (i: number) => Promise<unknown>;

async function drive(call: Call, count: number, offset: number): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) await call(offset + next++);
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// Distinct prompts, as in a benchmark run; the cache is off so every one is a network call.
const model = createModel(`openai-compatible:${baseURL}#bench-model`, {
  cache: false,
  concurrency,
  maxRetries: 0,
});
const viaPrivlens: Call = (i) =>
  model.invoke({ messages: [{ role: 'user', content: prompt(i) }], maxTokens: 16 });
const sdkModel = createModel(`openai-compatible:${baseURL}#bench-model-sdk`, {
  cache: false,
  concurrency,
  maxRetries: 0,
  transport: 'sdk',
});
const viaPrivlensSdk: Call = (i) =>
  sdkModel.invoke({ messages: [{ role: 'user', content: prompt(i) }], maxTokens: 16 });

// Baselines on the same server in the same run, since a shared machine's load moves every figure.
const sdk = new OpenAI({ apiKey: 'x', baseURL, maxRetries: 0 });
const viaSdk: Call = (i) =>
  sdk.chat.completions.create({
    model: 'bench-model',
    messages: [{ role: 'user', content: prompt(i) }],
    max_tokens: 16,
  });
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const url = new URL(`${baseURL}/chat/completions`);
const viaHttp: Call = (i) =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify({
      model: 'bench-model',
      messages: [{ role: 'user', content: prompt(i) }],
      max_tokens: 16,
    });
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      },
    );
    req.on('error', reject);
    req.end(body);
  });

// The same traffic with the response cache on a real store file: miss + write, then a rerun of all hits.
const dir = mkdtempSync(join(tmpdir(), 'privlens-bench-'));
const store = openStore(join(dir, 'privlens.db'));
const cachedModel = createModel(`openai-compatible:${baseURL}#bench-model-cached`, {
  cache: store,
  concurrency,
  maxRetries: 0,
});
const viaCache: Call = (i) =>
  cachedModel.invoke({ messages: [{ role: 'user', content: prompt(i) }], maxTokens: 16 });

const rounds: { label: string; call: Call; offset?: number }[] = [
  { label: 'privlens, fresh process', call: viaPrivlens },
  { label: 'privlens, warmed up', call: viaPrivlens },
  { label: 'privlens, cache on (miss)', call: viaCache, offset: 10 * total },
  { label: 'privlens, rerun (all hits)', call: viaCache, offset: 10 * total },
];
if (process.env.BENCH_BASELINES !== '0') {
  rounds.push(
    { label: 'privlens, transport sdk', call: viaPrivlensSdk },
    { label: 'baseline: raw openai SDK', call: viaSdk },
    { label: 'baseline: raw node:http', call: viaHttp },
  );
}
const results: { label: string; rps: number; cpuMs: number }[] = [];
for (const [index, { label, call, offset }] of rounds.entries()) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await drive(call, total, offset ?? index * total);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  results.push({ label, rps: total / seconds, cpuMs: (used.user + used.system) / 1000 / total });
}

const stats = model.stats();
console.log(
  `${total} requests, concurrency ${concurrency}, server latency ${latencyMs} ms, ideal ${ideal.toFixed(0)} req/s`,
);
for (const r of results) {
  console.log(
    `${r.label.padEnd(28)} ${r.rps.toFixed(1).padStart(6)} req/s  fraction of ideal ${(r.rps / ideal).toFixed(3)}  harness CPU ${r.cpuMs.toFixed(3)} ms/request`,
  );
}
const warmed = results[1];
if (warmed) {
  const verdict = warmed.rps / ideal >= 0.9 ? 'met' : 'NOT met';
  console.log(
    `target >= 0.9 of ideal (warmed-up privlens): ${verdict} at ${(warmed.rps / ideal).toFixed(3)}`,
  );
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
console.log(`cache: ${cachedModel.stats().cacheHits} hits, ${cachedModel.stats().calls} calls`);
console.log(`privlens calls ${stats.calls}, errors ${stats.errors}, retries ${stats.retries}`);
store.close();
rmSync(dir, { recursive: true, force: true });
server.kill('SIGTERM');
await once(server, 'exit');
