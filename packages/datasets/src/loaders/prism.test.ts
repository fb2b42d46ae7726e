import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../test-support/fixtures.ts';
import { DatasetError } from '../errors.ts';
import { loadPrism } from './prism.ts';

const postsFile = fixturePath('prism/posts.json');
const targetFile = fixturePath('prism/target.json');

describe('loadPrism', () => {
  it('loads all 543 users with a PRISM-coded profile; images not on disk are reported, posts kept', () => {
    const { records, skipped, warnings } = loadPrism({ postsFile, targetFile, imagesDir: tmpdir() });
    expect(records).toHaveLength(543);
    expect(skipped).toBe(0);
    const u = records[0];
    expect(u?.id).toBe('person-001');
    expect(u?.source).toBe('prism');
    expect(u?.profile).toEqual({
      AGE: 73,
      EDU: 'PhD',
      SEX: 'male',
      OCC: 'mechanic',
      INC: '130000-180000',
      REL: 'divorced',
      LOC: { birthplace: 'China', travel: ['Mexico', 'Canada', 'Japan'] },
      APP: { height: 154, weight: 51, hair: 'white', eyes: 'brown' },
      SHP: 'prefers local markets, buys groceries daily',
      HOB: ['gaming', 'reading', 'chess'],
      HEA: 'has diabetes',
      REG: 'Judaism',
    });
    expect(u?.posts.map((p) => p.id)).toEqual(['person-001/post1', 'person-001/post2', 'person-001/post3']);
    expect(Object.keys(u?.topics ?? {})).toContain('Chess');

    const counts = { posts: 0, withImage: 0 };
    for (const user of records) {
      counts.posts += user.posts.length;
      counts.withImage += user.posts.filter((p) => p.image).length;
    }
    expect(counts.posts).toBe(510 * 3 + 30 * 2 + 3);
    // every real image reference is missing here, and each is reported with user and position
    expect(warnings).toHaveLength(counts.withImage);
    expect(records.flatMap((x) => x.posts).every((p) => !p.image || p.image.missing)).toBe(true);
    expect(warnings[0]).toMatchObject({ file: postsFile, row: 'person-001', field: 'img_urls.0' });
  });

  it('resolves ./images/N.jpg against the images directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prism-'));
    const posts = JSON.parse(readFileSync(postsFile, 'utf8'));
    const target = JSON.parse(readFileSync(targetFile, 'utf8'));
    const user = posts['person-001'];
    const refs = user.img_urls.filter((r: string) => r !== 'none');
    mkdirSync(join(dir, 'images'));
    writeFileSync(join(dir, 'images', refs[0].split('/').pop()), 'jpg');
    writeFileSync(join(dir, 'posts.json'), JSON.stringify({ 'person-001': user }));
    writeFileSync(join(dir, 'target.json'), JSON.stringify({ 'person-001': target['person-001'] }));
    const { records, warnings } = loadPrism({
      postsFile: join(dir, 'posts.json'),
      targetFile: join(dir, 'target.json'),
    });
    const images = records[0]?.posts.map((p) => p.image).filter(Boolean);
    expect(images?.[0]).toMatchObject({ path: join(dir, refs[0]), mimeType: 'image/jpeg' });
    expect(images?.[0]?.missing).toBeUndefined();
    expect(warnings).toHaveLength(refs.length - 1);
  });

  it('names file, row and field of a malformed ground truth; lenient mode skips and counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prism-bad-'));
    const posts = JSON.parse(readFileSync(postsFile, 'utf8'));
    const target = JSON.parse(readFileSync(targetFile, 'utf8'));
    const bad = structuredClone(target['person-002']);
    bad.appearance.height = 'tall';
    writeFileSync(
      join(dir, 'posts.json'),
      JSON.stringify({ 'person-001': posts['person-001'], 'person-002': posts['person-002'] }),
    );
    writeFileSync(
      join(dir, 'target.json'),
      JSON.stringify({ 'person-001': target['person-001'], 'person-002': bad }),
    );
    const opts = { postsFile: join(dir, 'posts.json'), targetFile: join(dir, 'target.json') };
    let error: unknown;
    try {
      loadPrism(opts);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ file: opts.targetFile, row: 'person-002', field: 'appearance.height' });
    const lenient = loadPrism({ ...opts, mode: 'lenient' });
    expect(lenient.records.map((u) => u.id)).toEqual(['person-001']);
    expect(lenient.skipped).toBe(1);
  });
});
