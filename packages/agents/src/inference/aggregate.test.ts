import type { AttributeDefinition, Evidence } from '@privlens/datasets';
import { describe, expect, it } from 'vitest';
import { aggregateCandidates, canonicalValue, evidenceWeight } from './aggregate.ts';

const OCC: AttributeDefinition = {
  key: 'OCC',
  label: 'occupation',
  kind: 'categorical',
  options: ['nurse', 'teacher', 'software engineer'],
};
const ev = (id: string, postId: string, confidence: number): Evidence => ({
  id,
  postId,
  source: 'text',
  kind: 'keyword',
  value: id,
  confidence,
});

describe('canonicalValue', () => {
  it('puts answers that name an option on the option list', () => {
    expect(canonicalValue(OCC, 'Nurse')).toBe('nurse');
    expect(canonicalValue(OCC, 'a registered nurse at a clinic')).toBe('nurse');
    expect(canonicalValue(OCC, 'Senior Software Engineers')).toBe('software engineer');
    expect(canonicalValue(OCC, 'plumber')).toBe('plumber');
  });
});

describe('aggregateCandidates', () => {
  const evidence = new Map(
    [ev('p1#1', 'p1', 0.9), ev('p2#1', 'p2', 0.6), ev('p3#1', 'p3', 0.6), ev('p2#2', 'p2', 0.8)].map((e) => [
      e.id,
      e,
    ]),
  );

  it('counts the strongest observation of each cited post once', () => {
    expect(evidenceWeight(['p2#1', 'p2#2', 'p3#1', 'missing'], evidence)).toBeCloseTo(1.4);
  });

  it('settles a conflict between posts by evidence weight, not by one confident claim', () => {
    const guess = aggregateCandidates(
      'OCC',
      OCC,
      [
        { value: 'teacher', confidence: 0.75, evidenceIds: ['p1#1'] },
        { value: 'nurse', confidence: 0.7, evidenceIds: ['p2#1', 'p3#1'] },
      ],
      evidence,
    );
    expect(guess.abstained).toBe(false);
    expect(guess.candidates.map((c) => c.value)).toEqual(['nurse', 'teacher']);
  });

  it('merges duplicate values and keeps at most three, best first', () => {
    const guess = aggregateCandidates(
      'OCC',
      OCC,
      [
        { value: 'Nurse', confidence: 0.5, evidenceIds: ['p1#1'] },
        { value: 'nurse', confidence: 0.5, evidenceIds: ['p2#1'] },
        { value: 'teacher', confidence: 0.4, evidenceIds: ['p1#1'] },
        { value: 'chef', confidence: 0.3, evidenceIds: [] },
        { value: 'driver', confidence: 0.2, evidenceIds: [] },
      ],
      evidence,
    );
    expect(guess.candidates).toHaveLength(3);
    expect(guess.candidates[0]).toMatchObject({
      value: 'nurse',
      confidence: 0.75,
      evidenceIds: ['p1#1', 'p2#1'],
    });
  });

  it('abstains with no candidates or only weak ones', () => {
    expect(aggregateCandidates('OCC', OCC, [], evidence)).toEqual({
      attribute: 'OCC',
      candidates: [],
      abstained: true,
    });
    expect(
      aggregateCandidates('OCC', OCC, [{ value: 'nurse', confidence: 0.05, evidenceIds: [] }], evidence)
        .abstained,
    ).toBe(true);
  });
});
