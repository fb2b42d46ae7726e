import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, UnsafeBindError } from './server.ts';
import { startTestServer, type TestServer, tempDir } from './testing/harness.ts';
import { blackPng } from './testing/images.ts';

const TOKEN = 'tok-secret-abcdefghijklmnop';
const tmp = tempDir();
let server: TestServer;
const now = { t: 1_000_000 };

beforeAll(async () => {
  server = await startTestServer({
    dir: tmp.dir,
    tokens: [TOKEN, 'second-token-zyxwvutsrq'],
    limits: { scanBodyBytes: 256 * 1024, imageBytes: 64 * 1024, syncInferPosts: 1, rateBurst: 500 },
    clock: { now: () => now.t },
  });
});
afterAll(async () => {
  await server.stop();
  tmp.remove();
});

const auth = { authorization: `Bearer ${TOKEN}` };
const postJson = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
type ErrorJson = { error: { type: string; message: string; param: string | null } };

describe('auth', () => {
  it('refuses a missing or wrong bearer token with 401 and WWW-Authenticate', async () => {
    const none = await postJson('/v1/scan', { text: 'hello' }, {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as ErrorJson).error.type).toBe('authentication_error');
    const wrong = await postJson('/v1/scan', { text: 'hello' }, { authorization: 'Bearer not-a-token' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ErrorJson).error.message).toBe('invalid bearer token');
  });

  it('refuses to listen on a non-loopback address without tokens', async () => {
    await expect(
      startServer({ store: server.store, services: server.services, tokens: [] }, { host: '0.0.0.0' }),
    ).rejects.toBeInstanceOf(UnsafeBindError);
  });
});

describe('malformed and oversized input', () => {
  it('names the field of an invalid request', async () => {
    const badJson = await postJson('/v1/scan', '{"text": "unterminated');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as ErrorJson).error.param).toBe('(body)');

    const badType = await postJson('/v1/scan', {
      text: 'hi',
      image: { mimeType: 'image/gif', base64: 'AAAA' },
    });
    expect(badType.status).toBe(400);
    expect(((await badType.json()) as ErrorJson).error.param).toBe('image.mimeType');

    const empty = await postJson('/v1/scan', { text: '   ' });
    expect(((await empty.json()) as ErrorJson).error).toMatchObject({ param: 'text' });

    const run = await postJson('/v1/runs', {
      kind: 'compliance',
      target: 'offline',
      samples: [{ sampleId: 'x' }],
    });
    expect(run.status).toBe(400);
    expect(((await run.json()) as ErrorJson).error.param).toBe('samples.0.benchmarkId');

    const wrongContent = await fetch(`${server.url}/v1/scan`, {
      method: 'POST',
      headers: auth,
      body: 'text',
    });
    expect(wrongContent.status).toBe(415);
  });

  it('answers 413 to a body over the limit and 400 to an image over its limit', async () => {
    const huge = await postJson('/v1/scan', { text: 'x'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    const bigImage = await postJson('/v1/scan', {
      text: 'hi',
      image: { mimeType: 'image/png', base64: Buffer.alloc(100 * 1024).toString('base64') },
    });
    expect(bigImage.status).toBe(400);
    const error = ((await bigImage.json()) as ErrorJson).error;
    expect(error.param).toBe('image.base64');
    expect(error.message).toMatch(/limit is 65536/);
  });

  it('refuses a decompression bomb upload (multipart and base64) before decoding it', async () => {
    const bomb = blackPng(12_000, 12_000, 1);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const form = new FormData();
    form.set('text', 'my new wallpaper');
    form.set('image', new File([bomb], 'bomb.png', { type: 'image/png' }));
    const multipart = await fetch(`${server.url}/v1/scan`, { method: 'POST', headers: auth, body: form });
    expect(multipart.status).toBe(400);
    const error = ((await multipart.json()) as ErrorJson).error;
    expect(error.param).toBe('image');
    expect(error.message).toMatch(/largest side allowed is 8192|decompression bomb/);

    const base64 = await postJson('/v1/scan', {
      text: 'wallpaper',
      image: { mimeType: 'image/png', base64: blackPng(8000, 8000, 1).toString('base64') },
    });
    expect(((await base64.json()) as ErrorJson).error.message).toMatch(
      /64000000 pixels .*decompression bomb/,
    );
  });
});

describe('scan', () => {
  const drafts = [
    { id: 'd-nurse', text: 'Long night shift again, being a nurse in the ICU is exhausting but worth it.' },
    { id: 'd-teacher', text: 'Grading thirty essays tonight. The joys of being a high school teacher!' },
    { id: 'd-lawyer', text: 'Closing arguments tomorrow. Twelve years as a lawyer and I still get nervous.' },
    { id: 'd-chef', text: 'Tried a new risotto for the menu: being a chef means tasting all day.' },
  ];
  type Scan = {
    postId: string;
    risks: { attribute: string; evidence: { value: string; postId: string }[] }[];
    redactions: { type: string; text?: string }[];
    redactedText: string;
  };

  it('answers concurrent scans, each with evidence from its own post only', async () => {
    const results = await Promise.all(
      drafts.map(async (d) => {
        const r = await postJson('/v1/scan', d);
        expect(r.status).toBe(200);
        return (await r.json()) as Scan;
      }),
    );
    for (const [i, scan] of results.entries()) {
      const draft = drafts[i] as (typeof drafts)[number];
      expect(scan.postId).toBe(draft.id);
      const occupation = scan.risks.find((r) => r.attribute === 'OCC');
      expect(occupation, `${draft.id} reveals an occupation`).toBeDefined();
      for (const risk of scan.risks)
        for (const e of risk.evidence) {
          expect(e.postId).toBe(draft.id);
          expect(draft.text.toLowerCase()).toContain(e.value.toLowerCase());
        }
      // The suggested redaction removes the occupation word from the draft.
      const word = draft.id.slice(2);
      expect(scan.redactions.some((r) => r.type === 'text' && r.text?.toLowerCase().includes(word))).toBe(
        true,
      );
      expect(scan.redactedText.toLowerCase()).not.toContain(word);
    }
  });

  it('takes a multipart upload with a small real PNG', async () => {
    const form = new FormData();
    form.set('id', 'with-image');
    form.set('text', 'Proud to start as a nurse at the children hospital today');
    form.set('image', new File([blackPng(32, 24)], 'photo.png', { type: 'image/png' }));
    const r = await fetch(`${server.url}/v1/scan`, { method: 'POST', headers: auth, body: form });
    expect(r.status).toBe(200);
    const scan = (await r.json()) as Scan;
    expect(scan.postId).toBe('with-image');
    expect(scan.risks.map((x) => x.attribute)).toContain('OCC');
  });
});

describe('infer', () => {
  it('answers a small user synchronously and a larger one as a job', async () => {
    const sync = await postJson('/v1/infer', {
      user: { id: 'u1', posts: [{ id: 'p1', text: 'Another shift at the hospital, nurses never sleep.' }] },
    });
    expect(sync.status).toBe(200);
    const inference = (await sync.json()) as { userId: string; guesses: { attribute: string }[] };
    expect(inference.userId).toBe('u1');
    expect(inference.guesses.length).toBeGreaterThan(0);

    const job = await postJson('/v1/infer', {
      user: {
        id: 'u2',
        posts: [
          { id: 'p1', text: 'Flying home to Lisbon for the holidays.' },
          { id: 'p2', text: 'Teaching my class about volcanoes today, I love being a teacher.' },
        ],
      },
    });
    expect(job.status).toBe(202);
    const { id, href } = (await job.json()) as { id: string; href: string };
    expect(job.headers.get('location')).toBe(href);
    let run: { status: string; done: number } = { status: 'running', done: 0 };
    for (let i = 0; i < 200 && run.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await (await fetch(`${server.url}${href}`, { headers: auth })).json()) as typeof run;
    }
    expect(run).toMatchObject({ status: 'done', done: 1 });
    const records = server.store.runs.records(id) as { userId?: string; guesses?: unknown[] }[];
    expect(records.find((r) => r.userId === 'u2')?.guesses?.length).toBeGreaterThan(0);
  });
});

describe('rate limit, OpenAPI, logs', () => {
  it('limits each token on its own and tells when to retry', async () => {
    const limited = await startTestServer({
      dir: tmp.dir,
      tokens: ['alpha-token-123456', 'beta-token-1234567'],
      limits: { ratePerMinute: 60, rateBurst: 2 },
      clock: { now: () => now.t },
    });
    try {
      const get = (token: string) =>
        fetch(`${limited.url}/v1/runs/nope`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get('alpha-token-123456')).status).toBe(404);
      expect((await get('alpha-token-123456')).status).toBe(404);
      const third = await get('alpha-token-123456');
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('1');
      expect((await get('beta-token-1234567')).status).toBe(404);
      now.t += 1000;
      expect((await get('alpha-token-123456')).status).toBe(404);
    } finally {
      await limited.stop();
    }
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/chat/completions',
      '/v1/infer',
      '/v1/runs',
      '/v1/runs/{id}',
      '/v1/runs/{id}/events',
      '/v1/scan',
    ]);
    expect(Object.keys(doc.paths['/v1/runs/{id}'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(doc.components.schemas).toHaveProperty('ScanRequest');
    expect(doc.components.schemas).toHaveProperty('ChatCompletionRequest');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
  });

  it('logs JSON lines with a token id but never the token or image bytes', () => {
    expect(server.logs.length).toBeGreaterThan(5);
    const lines = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'request' && l.path === '/v1/scan' && l.status === 200)).toBe(true);
    const all = server.logs.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('not-a-token');
    expect(all).not.toMatch(/iVBORw0KGgo|base64/);
    expect(lines.find((l) => l.status === 200)?.token).toMatch(/^tok_[0-9a-f]{10}$/);
  });
});
