import { describe, expect, it } from 'vitest';
import { brevityPenalty, closestReferenceLength, modifiedPrecision, sentenceBleu } from './bleu.ts';
import { fsum } from './fsum.ts';
import { bleuTokenize } from './tokenize.ts';

const t = (s: string) => s.split(' ').filter(Boolean);
const geo4 = (p: number[]) => Math.exp(p.reduce((acc, x) => acc + 0.25 * Math.log(x), 0));

describe('sentenceBleu (NLTK method1)', () => {
  it('works a case with repeated n-grams and no 4-gram match by hand', () => {
    const ref = t('the cat is on the mat');
    const hyp = t('the cat the cat on the mat');
    // p1: the clipped to 2, cat to 1, on, mat → 5/7; p2: the-cat 1, on-the, the-mat → 3/6
    // p3: on-the-mat → 1/5; p4: no match → method1 gives 0.1/4; hyp 7 > ref 6 → BP 1
    expect(modifiedPrecision([ref], hyp, 1)).toEqual({ numerator: 5, denominator: 7 });
    expect(modifiedPrecision([ref], hyp, 4)).toEqual({ numerator: 0, denominator: 4 });
    const expected = geo4([5 / 7, 3 / 6, 1 / 5, 0.1 / 4]);
    expect(sentenceBleu([ref], hyp)).toBeCloseTo(expected, 15);
    // NLTK 3.8 prints 0.20556680845025987 for this pair.
    expect(sentenceBleu([ref], hyp)).toBe(0.20556680845025987);
  });

  it('handles a hypothesis shorter than n with the brevity penalty', () => {
    const ref = t('the cat is on the mat');
    const hyp = t('the cat');
    // p1 = 2/2, p2 = 1/1, no trigrams or 4-grams: 0/1 each → 0.1; BP = exp(1 - 6/2)
    const expected = Math.exp(1 - 3) * geo4([1, 1, 0.1, 0.1]);
    expect(sentenceBleu([ref], hyp)).toBeCloseTo(expected, 15);
    expect(sentenceBleu([ref], hyp)).toBe(0.04279677428117006);
  });

  it('returns 0 for an empty hypothesis and for one with no unigram match', () => {
    expect(sentenceBleu([t('a b c')], [])).toBe(0);
    expect(sentenceBleu([t('a b c')], t('x y z w'))).toBe(0);
  });

  it('takes the closest reference length, shorter on ties, and clips by the best single reference', () => {
    expect(closestReferenceLength([t('a b c d e f'), t('a b c d')], 5)).toBe(4);
    expect(closestReferenceLength([t('a b c d e'), t('a b')], 3)).toBe(2);
    expect(sentenceBleu([t('a b c d e f'), t('a b c d')], t('a b c d e'))).toBe(1);
    // hyp 3 > closest ref 2 → BP 1; p1..p3 = 1; no 4-gram → 0.1
    expect(sentenceBleu([t('a b c d e'), t('a b')], t('a b c'))).toBeCloseTo(0.1 ** 0.25, 15);
    expect(modifiedPrecision([t('a a'), t('a')], t('a a a'), 1)).toEqual({ numerator: 2, denominator: 3 });
  });

  it('a single matching token scores 0.1^(3/4)', () => {
    expect(sentenceBleu([['a']], ['a'])).toBeCloseTo(0.1 ** 0.75, 15);
  });

  it('accepts other weights and no smoothing', () => {
    expect(sentenceBleu([t('a b c')], t('a b d'), { weights: [0.5, 0.5] })).toBeCloseTo(
      Math.exp(0.5 * Math.log(2 / 3) + 0.5 * Math.log(1 / 2)),
      15,
    );
    expect(sentenceBleu([t('a b c d')], t('a x c y'), { smoothing: 'method0' })).toBeLessThan(1e-70);
    expect(() => sentenceBleu([], t('a'))).toThrow(/reference/);
  });

  it('brevity penalty edge cases', () => {
    expect(brevityPenalty(5, 0)).toBe(0);
    expect(brevityPenalty(5, 6)).toBe(1);
    expect(brevityPenalty(4, 2)).toBe(Math.exp(-1));
  });
});

describe('fsum', () => {
  it('is exactly rounded where naive summation is not', () => {
    expect(fsum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])).toBe(1);
    expect(fsum([1e100, 1, -1e100])).toBe(1);
    expect(fsum([])).toBe(0);
  });
});

describe('bleuTokenize', () => {
  it('splits on whitespace like str.split() or with the rouge tokenizer', () => {
    expect(bleuTokenize('  The cat,  sat\n')).toEqual(['The', 'cat,', 'sat']);
    expect(bleuTokenize('The cat, sat', 'rouge')).toEqual(['the', 'cat', 'sat']);
  });
});
