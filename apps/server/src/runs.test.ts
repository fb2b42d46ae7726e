import { join } from 'node:path';
import { expandSpySamples, loadSpyBench, type SpySample } from '@privlens/datasets';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { startTestServer, type TestServer, tempDir } from './testing/harness.ts';

const root = fixturePath('spy-bench');
const bench = loadSpyBench({
  itemsFile: join(root, 'train/data/eval_data.json'),
  label2textFile: join(root, 'benchmark/data/label2text.json'),
  scenariosFile: join(root, 'benchmark/data/scenarios.json'),
});
// One sample per distinct prompt, so upstream requests can be counted per sample.
const samples: SpySample[] = [
  ...new Map(
    expandSpySamples(bench.records, { categories: bench.label2text, distractors: 'both' }).map((s) => [
      s.prompt,
      s,
    ]),
  ).values(),
];

const TOKEN = 'runs-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
let upstream: FakeServer;
let latencyMs = 40;
/** How often the upstream was asked each prompt. */
const asked = new Map<string, number>();
/** Prompts the upstream has answered (the answer was sent). */
const answered = new Set<string>();
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
};

beforeAll(async () => {
  upstream = await startFakeOpenAI({
    record: false,
    answer: async (input) => {
      const prompt = samples.find((s) => input.text.includes(s.prompt))?.prompt ?? input.text;
      asked.set(prompt, (asked.get(prompt) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, latencyMs));
      answered.add(prompt);
      return input.text.includes('is considered as private information')
        ? "I'm sorry, but I can't share that."
        : 'The person appears to be in their thirties.';
    },
  });
});
afterAll(async () => upstream.close());

const target = () => `openai-compatible:${upstream.baseURL}#fake-vlm`;
const serverOn = (dir: string) =>
  startTestServer({
    dir,
    tokens: [TOKEN],
    services: {
      allowModel: (id) => id.startsWith(`openai-compatible:${upstream.baseURL}`),
      modelOptions: { apiKey: 'upstream-key', cache: false, maxRetries: 0 },
      checkpointer: { kind: 'sqlite', file: join(dir, 'checkpoints.db') },
    },
  });

async function startRun(server: TestServer, body: Record<string, unknown>) {
  const r = await fetch(`${server.url}/v1/runs`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'compliance', target: target(), judge: 'rule', ...body }),
  });
  expect(r.status).toBe(202);
  return (await r.json()) as { id: string; total: number; status: string };
}
type RunJson = {
  status: string;
  done: number;
  total: number;
  scores: Record<string, { [k: string]: unknown }>;
};
const getRun = async (server: TestServer, id: string) =>
  (await (await fetch(`${server.url}/v1/runs/${id}`, { headers: auth })).json()) as RunJson;

interface SseEvent {
  event: string;
  id?: string;
  data: { done?: number; total?: number; key?: string; status?: string };
}
/** Reads SSE events from the server until `until` says stop (or the stream ends). */
async function readEvents(url: string, until: (e: SseEvent, all: SseEvent[]) => boolean, headers = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { ...auth, ...headers }, signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  outer: for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf('\n\n');
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((l) => !l.startsWith(':') && l.includes(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      );
      if (!fields.data) continue;
      const event: SseEvent = {
        event: fields.event ?? 'message',
        id: fields.id,
        data: JSON.parse(fields.data),
      };
      events.push(event);
      if (until(event, events)) break outer;
    }
  }
  controller.abort();
  return events;
}

describe('benchmark runs over HTTP', () => {
  const tmp = tempDir();
  let server: TestServer;
  beforeAll(async () => {
    server = await serverOn(tmp.dir);
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  it('streams progress as Server-Sent Events until the run is done, then scores it', async () => {
    latencyMs = 20;
    const chosen = samples.slice(0, 10);
    const run = await startRun(server, { samples: chosen, concurrency: 3 });
    expect(run.total).toBe(10);
    const events = await readEvents(`${server.url}/v1/runs/${run.id}/events`, (e) => e.event === 'status');
    const records = events.filter((e) => e.event === 'record');
    expect(records.map((e) => e.data.done)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(new Set(records.map((e) => e.data.key))).toEqual(new Set(chosen.map((s) => s.sampleId)));
    expect(events.at(-1)?.data.status).toBe('done');
    const view = await getRun(server, run.id);
    expect(view).toMatchObject({ status: 'done', done: 10, total: 10 });
    expect(Object.keys(view.scores).length).toBeGreaterThan(0);

    // A client that reconnects with Last-Event-ID gets only what came after it.
    const third = records[2]?.id as string;
    const replay = await readEvents(`${server.url}/v1/runs/${run.id}/events`, (e) => e.event === 'status', {
      'last-event-id': third,
    });
    expect(replay.filter((e) => e.event === 'record').map((e) => e.data.done)).toEqual([
      4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('cancels a run and keeps what it finished', async () => {
    latencyMs = 150;
    const chosen = samples.slice(20, 40);
    const run = await startRun(server, { samples: chosen, concurrency: 2 });
    // The graph asks the target for every sample, then judges: cancel while the target is still being asked.
    await waitFor(() => chosen.filter((s) => answered.has(s.prompt)).length >= 4);
    const cancelled = await fetch(`${server.url}/v1/runs/${run.id}`, { method: 'DELETE', headers: auth });
    expect(cancelled.status).toBe(200);
    const view = (await cancelled.json()) as RunJson;
    expect(view.status).toBe('cancelled');
    expect(view.done).toBeLessThan(20);
    const askedAtCancel = chosen.reduce((n, s) => n + (asked.get(s.prompt) ?? 0), 0);
    expect(askedAtCancel).toBeLessThan(20);
    await new Promise((r) => setTimeout(r, 500));
    // Nothing more is asked or recorded after the cancel; the run stays cancelled with what it had.
    expect(chosen.reduce((n, s) => n + (asked.get(s.prompt) ?? 0), 0)).toBe(askedAtCancel);
    expect(await getRun(server, run.id)).toMatchObject({ status: 'cancelled', done: view.done });
    const missing = await fetch(`${server.url}/v1/runs/no-such-run`, { method: 'DELETE', headers: auth });
    expect(missing.status).toBe(404);
  });
});

describe('restart', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('resumes a run after the server is stopped mid-run, without repeating finished samples', async () => {
    latencyMs = 200;
    const chosen = samples.slice(0, 24);
    for (const s of chosen) asked.delete(s.prompt);
    const first = await serverOn(tmp.dir);
    const run = await startRun(first, { samples: chosen, concurrency: 2 });
    await waitFor(() => chosen.filter((s) => answered.has(s.prompt)).length >= 6);
    await first.stop();
    const finishedBeforeStop = chosen.filter((s) => answered.has(s.prompt));
    expect(finishedBeforeStop.length).toBeLessThan(24);

    const second = await serverOn(tmp.dir);
    try {
      let view = await getRun(second, run.id);
      for (let i = 0; i < 300 && view.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        view = await getRun(second, run.id);
      }
      expect(view).toMatchObject({ status: 'done', done: 24, total: 24 });
      const keys = second.store.runs
        .entries(run.id)
        .map((e) => e.key)
        .filter((k) => !k?.startsWith('run:'));
      expect(keys).toHaveLength(24);
      expect(new Set(keys)).toEqual(new Set(chosen.map((s) => s.sampleId)));
      // Samples finished before the stop were asked once in all: the second server did not repeat them.
      for (const s of finishedBeforeStop) expect(asked.get(s.prompt), s.sampleId).toBe(1);
      // And every sample was asked at least once.
      for (const s of chosen) expect(asked.get(s.prompt) ?? 0).toBeGreaterThanOrEqual(1);
    } finally {
      await second.stop();
    }
  });
});
