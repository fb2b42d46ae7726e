// The load test's fake OpenAI-compatible server, in its own process so its CPU is not the harness's.
import { startFakeOpenAI } from '../src/testing/index.ts';

const latencyMs = Number(process.argv[2] ?? 50);
const server = await startFakeOpenAI({ latencyMs, record: false, answer: () => 'ok' });
process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
