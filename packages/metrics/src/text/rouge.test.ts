import { describe, expect, it } from 'vitest';
import { lcsLength } from './lcs.ts';
import { createRougeScorer, rougeScore } from './rouge.ts';
import { rougeTokenize } from './tokenize.ts';

describe('rougeTokenize', () => {
  it('lower-cases, splits on non-alphanumerics and stems only tokens longer than 3 characters', () => {
    expect(rougeTokenize("The author's 3 novels were WRITTEN in 1990s-era Paris!")).toEqual([
      'the',
      'author',
      's',
      '3',
      'novel',
      'were',
      'written',
      'in',
      '1990',
      'era',
      'pari',
    ]);
    // 'dies' (4 letters) is stemmed; 'cats' would be too, 'was' (3) is not.
    expect(rougeTokenize('was dies')).toEqual(['was', 'die']);
  });

  it('the ASCII fast path splits exactly like the regex form of rouge_score', () => {
    const regexForm = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .split(/\s+/)
        .filter((t) => t.length > 0);
    const alphabet = "aZ9 _-.,'\n\tQx0";
    let seed = 12345;
    for (let n = 0; n < 500; n++) {
      let text = '';
      for (let i = 0; i < 30; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      expect(rougeTokenize(text, { stem: false })).toEqual(regexForm(text));
    }
  });

  it('lower-cases Unicode before dropping non-alphanumerics, as Python does', () => {
    // U+212A KELVIN SIGN lower-cases to an ASCII k; é is dropped and splits the word.
    expect(rougeTokenize('\u212Aate café', { stem: false })).toEqual(['kate', 'caf']);
  });

  it('keeps tokens unstemmed when asked and drops empty ones', () => {
    expect(rougeTokenize('  ¡Hola, running!  ', { stem: false })).toEqual(['hola', 'running']);
    expect(rougeTokenize('—…')).toEqual([]);
  });
});

describe('lcsLength', () => {
  it('finds the longest common subsequence', () => {
    expect(lcsLength([1, 2, 3, 4, 5], [2, 4, 5, 1])).toBe(3);
    expect(lcsLength([1, 2, 3], [])).toBe(0);
    expect(lcsLength([7], [7])).toBe(1);
    expect(lcsLength([1, 1, 1], [1, 1])).toBe(2);
  });
});

describe('rougeScore', () => {
  it('scores a hand-worked pair (reference first)', () => {
    // reference tokens: the cat sat on the mat (6); prediction: the cat lay on a mat (6).
    const r = rougeScore('The cat sat on the mat.', 'The cat lay on a mat');
    // unigram overlap: the×1 (min(2,1)), cat, on, mat → 4
    expect(r.rouge1.recall).toBe(4 / 6);
    expect(r.rouge1.precision).toBe(4 / 6);
    // bigrams: ref {the cat, cat sat, sat on, on the, the mat}, pred {the cat, cat lay, lay on, on a, a mat}
    expect(r.rouge2.recall).toBe(1 / 5);
    expect(r.rouge2.fmeasure).toBeCloseTo(1 / 5, 15);
    // LCS: the cat on mat → 4
    expect(r.rougeL).toEqual({
      precision: 4 / 6,
      recall: 4 / 6,
      fmeasure: (2 * (4 / 6) * (4 / 6)) / (8 / 6),
    });
  });

  it('is asymmetric: recall is over the reference, precision over the prediction', () => {
    const r = rougeScore('Paris', 'The Eiffel Tower is located in Paris, France.');
    expect(r.rouge1.recall).toBe(1);
    expect(r.rouge1.precision).toBe(1 / 8);
    expect(r.rougeL.recall).toBe(1);
    expect(r.rougeL.precision).toBe(1 / 8);
  });

  it('matches stemmed forms', () => {
    const r = rougeScore('He was writing novels', 'he writes a novel');
    // ref: he was write novel; pred: he write a novel → LCS he write novel = 3
    expect(r.rougeL.recall).toBe(3 / 4);
    expect(r.rouge1.recall).toBe(3 / 4);
  });

  it('gives zeros for empty sides instead of NaN', () => {
    const r = rougeScore('', 'something');
    expect(r.rouge1).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(r.rouge2).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(r.rougeL).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(rougeScore('one', '!!!').rougeL.recall).toBe(0);
  });

  it('a dedicated scorer gives the same numbers as the shared one', () => {
    const scorer = createRougeScorer();
    const pairs: [string, string][] = [
      ['the quick brown fox', 'a quick brown dog jumps'],
      ['generalization of relational databases', 'relational data generalizes'],
    ];
    for (const [ref, pred] of pairs) {
      expect(scorer.score(ref, pred)).toEqual(rougeScore(ref, pred));
      expect(scorer.scoreL(ref, pred)).toEqual(rougeScore(ref, pred).rougeL);
    }
  });
});
