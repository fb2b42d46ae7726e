import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTextCard } from '../../../../test-support/text-card.ts';
import { createOfflineEngine } from './engine.ts';

const require = createRequire(import.meta.url);
const faceApiDir = dirname(require.resolve('@vladmandic/face-api/package.json'));
const engine = createOfflineEngine({ year: 2025 });
afterAll(() => engine.close());

const card = (lines: string[]) =>
  renderTextCard(lines, {
    width: 820,
    height: 60 + lines.length * 54,
    fontPx: 32,
    x: 30,
    top: 60,
    lineHeight: 54,
  });

describe('offline engine perception', () => {
  it('reads planted text from a rendered card, with word boxes inside the image', async () => {
    const png = card(['EMPLOYEE BADGE', 'DR. HELENA VOSS', 'CARDIOLOGY WARD 7']);
    const r = await engine.ocr(png);
    const squashed = r.text.toUpperCase().replace(/\s+/g, ' ');
    expect(squashed).toContain('EMPLOYEE BADGE');
    expect(squashed).toContain('HELENA VOSS');
    expect(squashed).toContain('CARDIOLOGY WARD 7');
    expect(r.confidence).toBeGreaterThan(0.8);
    const voss = r.words.find((w) => w.text.toUpperCase() === 'VOSS');
    expect(voss?.box.y).toBeGreaterThan(54); // second line
    expect((voss?.box.x ?? 0) + (voss?.box.width ?? 0)).toBeLessThanOrEqual(820);
  }, 30_000);

  it('finds the faces in face-api sample photos with plausible age and gender', async () => {
    const faces = await engine.faces(readFileSync(join(faceApiDir, 'demo', 'sample1.jpg')));
    expect(faces.length).toBeGreaterThanOrEqual(3);
    for (const f of faces) {
      expect(f.age).toBeGreaterThan(15);
      expect(f.age).toBeLessThan(45);
      expect(f.gender).toBe('female');
      expect(f.genderConfidence).toBeGreaterThan(0.7);
      // boxes are in original-image pixels (sample1 is 1920 px wide)
      expect(f.box.x + f.box.width).toBeLessThanOrEqual(1920);
      expect(f.box.width).toBeGreaterThan(100);
    }
  }, 40_000);

  it('withholds age and gender on faces too small to judge', async () => {
    const small = createOfflineEngine({ faces: { minAttributeFaceSize: 1000 } });
    const faces = await small.faces(readFileSync(join(faceApiDir, 'demo', 'sample2.jpg')));
    expect(faces.length).toBeGreaterThan(0);
    expect(faces.every((f) => f.age === undefined && f.gender === undefined)).toBe(true);
    await small.close();
  }, 30_000);

  it('turns a post with an image into text, OCR and face evidence', async () => {
    const post = {
      id: 'p1',
      text: 'Back home in Lisbon for the holidays!',
      image: { bytes: card(['MOSQUE OPEN DAY', 'RAMADAN IFTAR 7PM']), mimeType: 'image/png' },
    };
    const ev = await engine.perceive(post);
    expect(ev.every((e) => e.postId === 'p1' && e.id.startsWith('p1:'))).toBe(true);
    expect(new Set(ev.map((e) => e.id)).size).toBe(ev.length);
    const lisbon = ev.find((e) => e.source === 'text' && e.kind === 'city');
    expect(lisbon?.value).toBe('Lisbon, Portugal');
    expect(lisbon?.data?.role).toBe('birth');
    const ocrText = ev.find((e) => e.source === 'ocr' && e.kind === 'text');
    expect(ocrText?.value.toUpperCase()).toContain('RAMADAN');
    const islam = ev.filter((e) => e.source === 'ocr' && e.data?.concept === 'Islam');
    expect(islam.length).toBeGreaterThanOrEqual(2);
    expect(islam[0]?.attributes).toContain('REG');
  }, 30_000);
});
