import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.ts';
import { PRISM_ATTRIBUTE_KEYS, SYNTHPAI_ATTRIBUTE_KEYS } from './schemas/attributes.ts';
import {
  intervalOf,
  intervalsOverlap,
  loadAttributeSet,
  PRISM_ATTRIBUTES,
  parseBracket,
  SYNTHPAI_ATTRIBUTES,
} from './taxonomy.ts';

describe('taxonomies', () => {
  it('load the shipped data files', () => {
    expect(PRISM_ATTRIBUTES.attributes.map((a) => a.key)).toEqual([...PRISM_ATTRIBUTE_KEYS]);
    expect(SYNTHPAI_ATTRIBUTES.attributes.map((a) => a.key)).toEqual([...SYNTHPAI_ATTRIBUTE_KEYS]);
    const edu = PRISM_ATTRIBUTES.attributes.find((a) => a.key === 'EDU');
    expect(edu?.options).toHaveLength(7);
  });

  it('load a user-extended set and name the bad field of a broken one', () => {
    const file = join(tmpdir(), `attrs-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        ...PRISM_ATTRIBUTES,
        attributes: [
          ...PRISM_ATTRIBUTES.attributes,
          { key: 'PET', label: 'pet', kind: 'categorical', options: ['cat', 'dog'] },
        ],
      }),
    );
    expect(loadAttributeSet(file).attributes.at(-1)?.key).toBe('PET');
    writeFileSync(
      file,
      JSON.stringify({ name: 'x', attributes: [{ key: 'A', label: 'a', kind: 'colour' }] }),
    );
    expect(() => loadAttributeSet(file)).toThrow(DatasetError);
    try {
      loadAttributeSet(file);
    } catch (e) {
      expect(e).toMatchObject({ file, field: 'attributes.0.kind' });
    }
  });
});

describe('income brackets', () => {
  const inc = PRISM_ATTRIBUTES.attributes.find((a) => a.key === 'INC');
  if (!inc) throw new Error('no INC');
  const of = (v: string) => {
    const i = intervalOf(inc, v);
    if (!i) throw new Error(`no interval for ${v}`);
    return i;
  };

  it('compare the two published schemes by overlap, not by string', () => {
    expect(intervalsOverlap(of('35000-50000'), of('35000-60000'))).toBe(true);
    expect(intervalsOverlap(of('60000-90000'), of('70000-100000'))).toBe(true);
    expect(intervalsOverlap(of('>180000'), of('180000-220000'))).toBe(true);
    expect(intervalsOverlap(of('35000-50000'), of('50000-70000'))).toBe(false);
    expect(intervalsOverlap(of('<35000'), of('130000-180000'))).toBe(false);
  });

  it('parse brackets a model writes in other ways', () => {
    expect(parseBracket('$35,000 - $60,000')).toEqual({ min: 35000, max: 60000 });
    expect(parseBracket('50k to 70k')).toEqual({ min: 50000, max: 70000 });
    expect(parseBracket('under 35k')).toEqual({ min: null, max: 35000 });
    expect(parseBracket('more than 180000')).toEqual({ min: 180000, max: null });
    expect(parseBracket('comfortable')).toBeUndefined();
    expect(intervalsOverlap(of('72000'), of('70000-100000'))).toBe(true);
  });
});
