import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttributeSet, PRISM_ATTRIBUTE_KEYS, SYNTHPAI_ATTRIBUTE_KEYS } from './attributes.ts';

const read = (name: string) =>
  AttributeSet.parse(
    JSON.parse(readFileSync(new URL(`../../data/attributes/${name}.json`, import.meta.url), 'utf8')),
  );

describe('attribute taxonomies', () => {
  it('ship PRISM twelve attributes and the SynthPAI eight as valid data', () => {
    expect(read('prism').attributes.map((a) => a.key)).toEqual([...PRISM_ATTRIBUTE_KEYS]);
    expect(read('synthpai').attributes.map((a) => a.key)).toEqual([...SYNTHPAI_ATTRIBUTE_KEYS]);
  });

  it('give every income bracket numeric bounds', () => {
    const inc = read('prism').attributes.find((a) => a.key === 'INC');
    expect(Object.keys(inc?.intervals ?? {})).toEqual(inc?.options);
  });
});

describe('value rules', () => {
  it('reject a pattern that does not compile, naming its field', () => {
    const r = AttributeSet.safeParse({
      name: 'custom',
      attributes: [
        {
          key: 'EDU',
          label: 'education',
          kind: 'ordinal',
          options: ['PhD'],
          valueRules: [{ pattern: '(phd', option: 'PhD' }],
        },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('attributes.0.valueRules.0.pattern');
  });
});
