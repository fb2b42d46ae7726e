import { createModel } from '@privlens/models';
import { type FakeServer, startFakeOpenAI } from '@privlens/models/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPost } from '../scan/scan-post.ts';
import { inferAttributes } from './infer-users.ts';
import { requestUser, scriptedInferenceAnswer } from './testing/scripted-answers.ts';
import { MINI_ATTRIBUTES, scriptedUsers } from './testing/scripted-users.ts';

type Body = {
  messages: { role: string; content: unknown }[];
  response_format?: { json_schema?: { name?: string } };
};
const schemaName = (body: unknown) => (body as Body).response_format?.json_schema?.name;
const userText = (body: unknown) => JSON.stringify((body as Body).messages.filter((m) => m.role === 'user'));

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAI({ answer: scriptedInferenceAnswer });
});
afterAll(async () => {
  await server.close();
});

const modelFor = () =>
  createModel(`openai-compatible:${server.baseURL}#scripted-vlm`, {
    apiKey: 'test',
    cache: false,
    maxRetries: 0,
  });
const chatRequests = () => server.requests.filter((r) => r.path === '/v1/chat/completions');

describe('attribute inference on an OpenAI-compatible server', () => {
  it('runs perception per post (image parts on the wire) and reasoning per target, citing evidence', async () => {
    const before = chatRequests().length;
    const [user] = scriptedUsers(1);
    const result = await inferAttributes(user!, { model: modelFor(), attributeSet: MINI_ATTRIBUTES });
    const sent = chatRequests().slice(before);
    expect(sent.map((r) => schemaName(r.body)).sort()).toEqual([
      'perception',
      'perception',
      'reasoning',
      'reasoning',
    ]);

    const withImage = sent.find((r) => userText(r.body).includes('u0/p2'));
    expect(withImage).toBeDefined();
    const parts = (withImage!.body as Body).messages.at(-1)?.content as {
      type: string;
      image_url?: { url: string };
    }[];
    const bytes = Buffer.from(user!.posts[1]!.image!.bytes!).toString('base64');
    expect(parts.find((p) => p.type === 'image_url')?.image_url?.url).toBe(`data:image/png;base64,${bytes}`);
    expect(userText(sent.find((r) => userText(r.body).includes('u0/p1'))?.body)).not.toContain('image_url');

    const occ = result.guesses.find((g) => g.attribute === 'OCC');
    expect(occ?.candidates[0]?.value).toBe('nurse');
    const cited = occ?.candidates[0]?.evidenceIds ?? [];
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(result.evidence.map((e) => e.id)).toContain(id);
    // The text observation carries the span of the quoted word; the OCR one the region it was seen in.
    const nurse = result.evidence.find((e) => e.value === 'nurse');
    expect(user!.posts[0]!.text.slice(nurse?.span?.start, nurse?.span?.end)).toBe('nurse');
    expect(result.evidence.find((e) => e.source === 'ocr')?.region).toEqual({
      x: 4,
      y: 8,
      width: 40,
      height: 12,
    });
    expect(result.guesses.find((g) => g.attribute === 'LOC.birthplace')?.candidates[0]?.value).toBe(
      'Portugal',
    );
    expect(result.usage).toMatchObject({ calls: 4, inputTokens: 360, outputTokens: 100 });
    expect(result.failures).toEqual([]);
  });

  it('asks again after a malformed answer, then records a failure on that target only', async () => {
    let occAsks = 0;
    server.setAnswer((input) => {
      if (input.structured?.name === 'reasoning' && input.text.includes('key OCC')) {
        occAsks++;
        return { json: { candidates: [{ value: 'nurse', confidence: 'very' }] } };
      }
      return scriptedInferenceAnswer(input);
    });
    try {
      const [user] = scriptedUsers(1);
      const result = await inferAttributes(user!, {
        model: modelFor(),
        attributeSet: MINI_ATTRIBUTES,
        maxAttempts: 3,
      });
      expect(occAsks).toBe(3);
      expect(result.failures).toEqual([
        expect.objectContaining({ stage: 'reasoning', target: 'OCC', attempts: 3 }),
      ]);
      expect(result.guesses.find((g) => g.attribute === 'OCC')).toMatchObject({
        abstained: true,
        candidates: [],
      });
      expect(result.guesses.find((g) => g.attribute === 'LOC.birthplace')?.abstained).toBe(false);

      // One bad answer, then a good one: the retry recovers and nothing is recorded.
      occAsks = 0;
      server.setAnswer((input) => {
        if (input.structured?.name === 'reasoning' && input.text.includes('key OCC') && occAsks++ === 0)
          return 'not json at all';
        return scriptedInferenceAnswer(input);
      });
      const again = await inferAttributes(scriptedUsers(2)[1]!, {
        model: modelFor(),
        attributeSet: MINI_ATTRIBUTES,
      });
      expect(occAsks).toBe(2);
      expect(again.failures).toEqual([]);
      expect(again.guesses.find((g) => g.attribute === 'OCC')?.candidates[0]?.value).toBe('teacher');
    } finally {
      server.setAnswer(scriptedInferenceAnswer);
    }
  });

  it('scans a draft post: revealed attributes, evidence and the spans to cut', async () => {
    const post = { id: 'draft', text: 'Off to Porto after my nurse exam!' };
    const scan = await scanPost(post, { model: modelFor(), attributeSet: MINI_ATTRIBUTES });
    expect(scan.risks.map((r) => [r.attribute, r.candidates[0]?.value])).toEqual(
      expect.arrayContaining([
        ['OCC', 'nurse'],
        ['LOC.birthplace', 'Portugal'],
      ]),
    );
    expect(scan.redactions.filter((r) => r.type === 'text').map((r) => r.type === 'text' && r.text)).toEqual([
      'Porto',
      'nurse',
    ]);
    expect(scan.redactedText).toBe('Off to […] after my […] exam!');
    expect(requestUser({ text: '[u3/p1#1]' })).toBe('u3');
  });
});
