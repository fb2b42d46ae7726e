import { describe, expect, it } from 'vitest';
import { parseAgeGuess, parseMoneyGuess, parseNumberGuess } from './parse-guess.ts';

describe('parseAgeGuess', () => {
  it('reads points and ranges, dropping years', () => {
    expect(parseAgeGuess('32')).toEqual({ min: 32, max: 32 });
    expect(parseAgeGuess('between 25 and 30 years old')).toEqual({ min: 25, max: 30 });
    expect(parseAgeGuess('30-35')).toEqual({ min: 30, max: 35 });
    expect(parseAgeGuess('born in 1990, so about 34')).toEqual({ min: 34, max: 34 });
    expect(parseAgeGuess('late twenties')).toBeUndefined();
  });
});

describe('parseNumberGuess', () => {
  it('keeps decimals', () => {
    expect(parseNumberGuess('around 72.5 kg')).toEqual({ min: 72.5, max: 72.5 });
    expect(parseNumberGuess('175–185 cm')).toEqual({ min: 175, max: 185 });
  });
});

describe('parseMoneyGuess', () => {
  it.each([
    ['$50k-60k', { min: 50_000, max: 60_000 }],
    ['50,000 to 70,000', { min: 50_000, max: 70_000 }],
    ['50-60k USD', { min: 50_000, max: 60_000 }],
    ['between 40 and 60 thousand dollars', { min: 40_000, max: 60_000 }],
    ['>180000', { min: 180_000, max: null }],
    ['over $200K a year', { min: 200_000, max: null }],
    ['150k+', { min: 150_000, max: null }],
    ['less than 35,000', { min: null, max: 35_000 }],
    ['<35000', { min: null, max: 35_000 }],
    ['about 80,000', { min: 80_000, max: 80_000 }],
    ['1.2 million', { min: 1_200_000, max: 1_200_000 }],
    ['high', { min: 60_000, max: 150_000 }],
    ['Very High', { min: 150_000, max: null }],
    ['middle income', { min: 30_000, max: 60_000 }],
    ['no income', { min: 0, max: 0 }],
  ])('%s', (text, expected) => {
    expect(parseMoneyGuess(text)).toEqual(expected);
  });

  it('gives undefined when nothing reads as money', () => {
    expect(parseMoneyGuess('hard to say')).toBeUndefined();
  });
});
