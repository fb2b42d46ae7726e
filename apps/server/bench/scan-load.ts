/**
 * Load on POST /v1/scan with the embedded offline engine (text drafts; images off), through the real server
 * on 127.0.0.1, with autocannon. Prints scans/s and latency percentiles.
 *
 *   node --conditions=source --import tsx apps/server/bench/scan-load.ts [--connections 8] [--duration 20]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startTestServer, tempDir } from '../src/testing/harness.ts';

const { values } = parseArgs({
  options: { connections: { type: 'string', default: '8' }, duration: { type: 'string', default: '20' } },
});
const TOKEN = 'bench-token-0123456789';
const DRAFTS = [
  'Long night shift again, being a nurse in the ICU is exhausting but worth it.',
  'Grading thirty essays tonight. The joys of being a high school teacher in Porto!',
  'Just turned 41 and celebrated with my husband at our favourite sushi place in Munich.',
  'Closing arguments tomorrow. Twelve years as a lawyer and I still get nervous.',
  'Sunday mass then brunch with the kids, then back to my shift at the bakery.',
];

const tmp = tempDir('privlens-scan-load-');
const server = await startTestServer({
  dir: tmp.dir,
  tokens: [TOKEN],
  limits: { ratePerMinute: 1e9, rateBurst: 1e9, requestTimeoutMs: 120_000 },
  services: { images: false },
});
// Warm-up: the first scan loads the NER models and lexicons.
for (const text of DRAFTS)
  await fetch(`${server.url}/v1/scan`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });

let i = 0;
const result = await autocannon({
  url: `${server.url}/v1/scan`,
  connections: Number(values.connections),
  duration: Number(values.duration),
  requests: [
    {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ text: DRAFTS[i++ % DRAFTS.length] }) }),
    },
  ],
});
await server.stop();
tmp.remove();

const ok = result['2xx'];
console.log(
  JSON.stringify(
    {
      endpoint: 'POST /v1/scan (offline engine, text drafts)',
      connections: result.connections,
      durationS: result.duration,
      scans: ok,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      scansPerSecond: Math.round((ok / result.duration) * 100) / 100,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
    },
    null,
    2,
  ),
);
