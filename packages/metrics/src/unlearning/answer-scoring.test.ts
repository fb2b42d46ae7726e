import { describe, expect, it } from 'vitest';
import { sentenceBleu } from '../text/bleu.ts';
import { classificationCorrect, clozeCorrect, scoreGeneration } from './answer-scoring.ts';

const KEYS = ['A', 'B', 'C', 'D'];

describe('classificationCorrect', () => {
  it('reads the first character, upper-cased', () => {
    expect(classificationCorrect('B. Paris', 'B', KEYS)).toBe(true);
    expect(classificationCorrect('b) paris', 'B', KEYS)).toBe(true);
    expect(classificationCorrect('  C', 'C', KEYS)).toBe(true);
    expect(classificationCorrect('A', 'B', KEYS)).toBe(false);
  });

  it('counts an answer that does not start with an option key as wrong', () => {
    // "The answer is B" starts with T: wrong, even though it names the right option.
    expect(classificationCorrect('The answer is B', 'B', KEYS)).toBe(false);
    expect(classificationCorrect('', 'A', KEYS)).toBe(false);
    expect(classificationCorrect('E', 'A', KEYS)).toBe(false);
  });

  it('rejects a correct key that is not an option', () => {
    expect(() => classificationCorrect('A', 'E', KEYS)).toThrow(/"E" is not one of A, B, C, D/);
  });
});

describe('clozeCorrect', () => {
  it('is a case-insensitive substring test of the ground truth in the answer', () => {
    expect(clozeCorrect('She was born in New York City.', 'new york')).toBe(true);
    expect(clozeCorrect('She was born in Newark.', 'New York')).toBe(false);
    // substring, not word match, as the reference
    expect(clozeCorrect('A pianist by trade', 'pian')).toBe(true);
  });
});

describe('scoreGeneration', () => {
  it('scores ROUGE-L against the ground truth and BLEU on whitespace tokens', () => {
    const g = scoreGeneration('He works as a software engineer.', 'He is a software engineer.');
    // rouge tokens: gt he is a softwar engin (5); answer he work as a softwar engin (6); LCS he a softwar engin
    expect(g.rougeL.recall).toBe(4 / 5);
    expect(g.rougeL.precision).toBe(4 / 6);
    expect(g.bleu).toBe(
      sentenceBleu(
        [['He', 'is', 'a', 'software', 'engineer.']],
        ['He', 'works', 'as', 'a', 'software', 'engineer.'],
      ),
    );
    expect(g.bleu).toBeGreaterThan(0);
    expect(g.bleu).toBeLessThan(1);
  });
});
