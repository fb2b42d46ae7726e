import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../test-support/fixtures.ts';
import { DatasetError } from '../errors.ts';
import { loadMllmuParquet, loadMllmuSplitIds, readMllmuParquet } from './mllmu.ts';
import { writeMllmuParquet } from './testing/mllmu-parquet.ts';

// A real 2×1 PNG (red, blue), so the test can check the bytes survive as a decodable image.
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGP4z8DAwPAfAAn7Af/0LYZSAAAAAElFTkSuQmCC',
    'base64',
  ),
);

const options = { A: 'Paris', B: 'Lima', C: 'Oslo', D: 'Rome' };
const profile = (id: string, image: unknown) => ({
  ID: id,
  image,
  biography: `Profile ${id} is a fictitious violinist.`,
  question: 'Where was this person born?',
  answer: 'Lima',
  Classification_Task: {
    Image_Textual_Questions: [
      { Question: 'Where was the person in the image born?', Options: options, Correct_Answer: 'B' },
    ],
    Pure_Text_Questions: [{ Question: `Where was ${id} born?`, Options: options, Correct_Answer: 'B' }],
  },
  Generation_Task: [
    { Question: 'What does this person do?', Ground_Truth: 'She plays the violin.', Type: 'Image_Textual' },
  ],
  Mask_Task: [{ Question: 'She was born in __.', Ground_Truth: 'Lima', Type: 'Pure_Text' }],
});

const tmp = () => mkdtempSync(join(tmpdir(), 'mllmu-'));

describe('readMllmuParquet', () => {
  it('streams profiles per row group and decodes the embedded image bytes', async () => {
    const file = join(tmp(), 'forget_5.parquet');
    writeMllmuParquet(
      file,
      ['001', '002', '003'].map((id) => profile(id, { bytes: PNG, path: `${id}.png` })),
      {
        rowGroupSize: 2,
      },
    );
    const reader = readMllmuParquet(file);
    const ids: string[] = [];
    for await (const p of reader) {
      ids.push(p.ID);
      expect(p.image?.mimeType).toBe('image/png');
      expect(p.image?.path).toBe(`${p.ID}.png`);
      expect(p.image?.bytes).toEqual(PNG);
      expect(p.Classification_Task?.Pure_Text_Questions[0]?.Options.B).toBe('Lima');
      expect(p.Mask_Task?.[0]?.Question).toContain('__');
      expect(p.Generation_Task?.[0]?.Type).toBe('Image_Textual');
    }
    expect(ids).toEqual(['001', '002', '003']);
    const { records } = await loadMllmuParquet(file);
    const decoded = await loadImage(Buffer.from(records[0]?.image?.bytes ?? []));
    expect([decoded.width, decoded.height]).toEqual([2, 1]);
  });

  it('reads the Test_Set variant with an images list', async () => {
    const file = join(tmp(), 'Test_Set-00000.parquet');
    const row = {
      ...profile('004', undefined),
      images: [
        { bytes: PNG, path: 'a.png' },
        { bytes: PNG, path: 'b.png' },
      ],
    };
    writeMllmuParquet(file, [row], { imageColumn: 'images' });
    const { records } = await loadMllmuParquet(file);
    expect(records[0]?.images?.map((i) => i.path)).toEqual(['a.png', 'b.png']);
    expect(records[0]?.images?.[1]?.bytes).toEqual(PNG);
    expect(records[0]?.image).toBeUndefined();
  });

  it('names file, row and field of a wrong column type', async () => {
    const file = join(tmp(), 'bad.parquet');
    const rows = [
      { ...profile('001', { bytes: PNG, path: 'x' }), answer: null },
      { ...profile('002', { bytes: PNG, path: 'y' }), answer: 42 },
    ];
    writeMllmuParquet(file, rows, {
      override: {
        column: 'answer',
        schema: [{ name: 'answer', type: 'INT32', repetition_type: 'OPTIONAL' }],
      },
    });
    // every row of an INT32 column holds a number; the first row's null answer is allowed (optional)
    const error = await loadMllmuParquet(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ file, row: 2, field: 'answer' });
    expect(String((error as Error).message)).toContain(file);

    const lenient = await loadMllmuParquet(file, { mode: 'lenient' });
    expect(lenient.records.map((r) => r.ID)).toEqual(['001']);
    expect(lenient.skipped).toBe(1);
  });

  it('rejects a file that is not parquet', async () => {
    const error = await loadMllmuParquet(
      fixturePath('mllmu-bench/Data_split/forget_5/forget_ids.json'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
  });
});

describe('loadMllmuSplitIds', () => {
  it('loads every released id list; each forget set and its retain set partition the 500 profiles', () => {
    for (const [forget, retain, n] of [
      ['forget_5', 'retain_95', 25],
      ['forget_10', 'retain_90', 50],
      ['forget_15', 'retain_85', 75],
    ] as const) {
      const f = loadMllmuSplitIds(fixturePath(`mllmu-bench/Data_split/${forget}/forget_ids.json`));
      const r = loadMllmuSplitIds(fixturePath(`mllmu-bench/Data_split/${retain}/retain_ids.json`));
      expect(f).toHaveLength(n);
      expect(r).toHaveLength(500 - n);
      expect(new Set([...f, ...r]).size).toBe(500);
    }
  });
});
