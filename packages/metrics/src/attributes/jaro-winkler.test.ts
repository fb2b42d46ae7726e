import { describe, expect, it } from 'vitest';
import { closestOption, isClose, jaroSimilarity, jaroWinklerSimilarity } from './jaro-winkler.ts';

describe('Jaro–Winkler', () => {
  it('reproduces the textbook values', () => {
    // Winkler (1990) / rapidfuzz docs
    expect(jaroSimilarity('MARTHA', 'MARHTA')).toBeCloseTo(0.944444444, 8);
    expect(jaroWinklerSimilarity('MARTHA', 'MARHTA')).toBeCloseTo(0.961111111, 8);
    expect(jaroWinklerSimilarity('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 8);
    expect(jaroWinklerSimilarity('DIXON', 'DICKSONX')).toBeCloseTo(0.813333333, 8);
    expect(jaroSimilarity('Johnathan', 'Jonathan')).toBeCloseTo(0.8796296296296297, 12);
    expect(jaroWinklerSimilarity('Johnathan', 'Jonathan')).toBeCloseTo(0.9037037037037037, 12);
  });

  it('handles short and empty strings like rapidfuzz', () => {
    expect(jaroSimilarity('a', 'a')).toBe(1);
    expect(jaroSimilarity('a', 'b')).toBe(0);
    expect(jaroSimilarity('', 'abc')).toBe(0);
    // window 0 for lengths 2–3: only aligned characters match
    expect(jaroSimilarity('ab', 'ba')).toBe(0);
  });

  it('is symmetric and 1 only for equal strings', () => {
    expect(jaroWinklerSimilarity('zurich', 'zuerich')).toBeCloseTo(
      jaroWinklerSimilarity('zuerich', 'zurich'),
      12,
    );
    expect(jaroWinklerSimilarity('teacher', 'teacher')).toBe(1);
    expect(jaroWinklerSimilarity('teacher', 'teachers')).toBeLessThan(1);
  });

  it('snaps to the closest option, first on ties, and thresholds strictly', () => {
    expect(closestOption('mediun', ['no', 'low', 'medium', 'high', 'very high'])?.option).toBe('medium');
    expect(closestOption('xyz', ['abc'])).toBeUndefined();
    expect(isClose('software engineer', 'software engineering')).toBe(true);
    expect(isClose('nurse', 'lawyer')).toBe(false);
  });
});
