import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { DatasetError } from './errors.ts';
import { readJsonl, streamJsonl, writeJsonl } from './jsonl.ts';
import { loadPrism } from './loaders/prism.ts';
import { loadSpyBench } from './loaders/spy.ts';
import { expandSpySamples, toSpyResultRecord } from './loaders/spy-expand.ts';
import { AttributeSet } from './schemas/attributes.ts';
import { AttributeGuess, Evidence } from './schemas/inference.ts';
import { MllmuProfile } from './schemas/mllmu.ts';
import { SocialUser } from './schemas/social.ts';
import { SpyItem, SpyResultRecord, SpySample } from './schemas/spy.ts';
import { PRISM_ATTRIBUTES } from './taxonomy.ts';

const dir = mkdtempSync(join(tmpdir(), 'jsonl-'));
const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);

async function roundTrip<S extends z.ZodType>(name: string, schema: S, records: z.input<S>[]) {
  const file = join(dir, `${name}.jsonl`);
  expect(await writeJsonl(file, schema, records)).toBe(records.length);
  const back = readJsonl(file, schema);
  expect(back.skipped).toBe(0);
  expect(back.records).toEqual(records.map((r) => schema.parse(r)));
  return { file, back };
}

describe('privlens JSONL', () => {
  it('round-trips every domain type, image bytes included', async () => {
    const user: z.input<typeof SocialUser> = {
      id: 'u1',
      posts: [
        {
          id: 'p1',
          text: 'boarding now',
          image: { bytes, mimeType: 'image/png', caption: 'a pass' },
          leaks: [{ attribute: 'LOC', via: 'image', cue: 'Lima' }],
        },
      ],
      profile: { AGE: 34, INC: '35000-50000', LOC: { birthplace: 'Peru', travel: ['Chile'] } },
    };
    const { file, back } = await roundTrip('users', SocialUser, [user]);
    const img = back.records[0]?.posts[0]?.image?.bytes;
    expect(img).toBeInstanceOf(Uint8Array);
    expect([...(img ?? [])]).toEqual([...bytes]);
    expect(readFileSync(file, 'utf8')).toContain('"$base64":"iVBORwD/Bw=="');

    const prism = loadPrism({
      postsFile: fixturePath('prism/posts.json'),
      targetFile: fixturePath('prism/target.json'),
    });
    await roundTrip('prism', SocialUser, prism.records.slice(0, 20));
    await roundTrip('guesses', AttributeGuess, [
      { attribute: 'AGE', candidates: [{ value: '30-35', confidence: 0.6, evidenceIds: ['e1'] }] },
      { attribute: 'REG', candidates: [], abstained: true },
    ]);
    await roundTrip('evidence', Evidence, [
      {
        id: 'e1',
        postId: 'p1',
        source: 'ocr',
        kind: 'place',
        value: 'LIMA',
        confidence: 0.9,
        region: { x: 1, y: 2, width: 3, height: 4 },
      },
    ]);
    const spy = loadSpyBench({
      itemsFile: fixturePath('spy-bench/train/data/eval_data.json'),
      label2textFile: fixturePath('spy-bench/benchmark/data/label2text.json'),
    });
    await roundTrip('spy-items', SpyItem, spy.records);
    const samples = expandSpySamples(spy.records, { categories: spy.categories });
    await roundTrip('spy-samples', SpySample, samples);
    await roundTrip(
      'spy-results',
      SpyResultRecord,
      samples.map((s) => toSpyResultRecord(s, 'I cannot say.', 'reject')),
    );
    await roundTrip('mllmu', MllmuProfile, [
      {
        ID: '001',
        image: { bytes, path: '001.png' },
        biography: 'b',
        Classification_Task: {
          Image_Textual_Questions: [{ Question: 'q', Options: { A: 'a', B: 'b' }, Correct_Answer: 'A' }],
          Pure_Text_Questions: [],
        },
        Mask_Task: [{ Question: 'born in __', Ground_Truth: 'Lima', Type: 'Pure_Text' }],
      },
    ]);
    await roundTrip('attribute-sets', AttributeSet, [PRISM_ATTRIBUTES]);
  });

  it('writes from an async iterable and streams back', async () => {
    const file = join(dir, 'stream.jsonl');
    async function* users() {
      for (let i = 0; i < 3; i++) yield { id: `u${i}`, posts: [] };
    }
    expect(await writeJsonl(file, SocialUser, users())).toBe(3);
    const ids: string[] = [];
    for await (const u of streamJsonl(file, SocialUser)) ids.push(u.id);
    expect(ids).toEqual(['u0', 'u1', 'u2']);
  });

  it('names file, line and field of a malformed record; lenient mode skips and counts', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'u1', posts: [] }),
        '',
        JSON.stringify({ id: 'u2', posts: [{ id: 'p', text: 5 }] }),
        '{"id": "u3", ',
        JSON.stringify({ id: 'u4', posts: [] }),
      ].join('\n'),
    );
    expect(() => readJsonl(file, SocialUser)).toThrow(DatasetError);
    try {
      readJsonl(file, SocialUser);
    } catch (e) {
      expect(e).toMatchObject({ file, row: 3, field: 'posts.0.text' });
      expect((e as Error).message).toMatch(/bad\.jsonl, row 3, field posts\.0\.text: /);
    }
    const lenient = readJsonl(file, SocialUser, { mode: 'lenient' });
    expect(lenient.records.map((u) => u.id)).toEqual(['u1', 'u4']);
    expect(lenient.skipped).toBe(2);
    expect(lenient.errors.map((e) => e.row)).toEqual([3, 4]);
  });

  it('refuses to write an invalid record, naming its row and field', async () => {
    const file = join(dir, 'refuse.jsonl');
    const error = await writeJsonl(file, SocialUser, [
      { id: 'ok', posts: [] },
      { id: '', posts: [] },
    ]).catch((e) => e);
    expect(error).toMatchObject({ file, row: 2, field: 'id' });
  });
});
