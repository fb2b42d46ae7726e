import { describe, expect, it } from 'vitest';
import { parseFactuality } from './judge.ts';
import {
  classificationPrompt,
  clozePrompt,
  extractAnswer,
  extractOption,
  generationPrompt,
  toMessages,
} from './prompts.ts';

const img = (n: number) => ({ bytes: Uint8Array.from([n]), mimeType: 'image/png' });
const q = (Question: string, Correct_Answer = 'B') => ({
  Question,
  Options: { A: 'Paris', B: 'Lima', C: 'Oslo', D: 'Rome' },
  Correct_Answer,
});

describe('eval.py prompts', () => {
  it('classification, multimodal, with a few-shot example', () => {
    const p = classificationPrompt(q('Where was she born?'), img(2), [
      { question: q('Where is he from?', 'C'), image: img(1) },
    ]);
    expect(p.text).toBe(
      'USER: <image>\nQuestion: Where is he from?\nA: Paris\nB: Lima\nC: Oslo\nD: Rome\nCorrect Answer: C\n' +
        'USER: <image>\nWhere was she born?\nA: Paris\nB: Lima\nC: Oslo\nD: Rome\n' +
        'Just give ONE letter representing the answer directly.\nASSISTANT:',
    );
    expect(p.images.map((i) => i.bytes?.[0])).toEqual([1, 2]);
  });

  it('classification, text only', () => {
    const p = classificationPrompt(q('Where was Ana born?'), undefined, [
      { question: q('Where is Bo from?', 'A'), image: img(1) },
    ]);
    expect(p.text).toBe(
      'USER:\nQuestion: Where is Bo from?\nA: Paris\nB: Lima\nC: Oslo\nD: Rome\nCorrect Answer: A\n' +
        'USER:\nWhere was Ana born?\nA: Paris\nB: Lima\nC: Oslo\nD: Rome\n' +
        'Just give ONE letter representing the answer directly.\nASSISTANT:',
    );
    expect(p.images).toEqual([]);
  });

  it('cloze: every __ becomes [Blank]; image shots are written USER:<image> without a space', () => {
    const shot = {
      question:
        'He lives in [Blank].\nPlease **ONLY** provide the correct answer that should replace the [Blank].',
      groundTruth: 'Oslo',
      image: img(1),
    };
    expect(clozePrompt('She was born in __ in __.', img(2), [shot]).text).toBe(
      `USER:<image>\n${shot.question}\nCorrect Answer: Oslo\n` +
        'USER: <image>\nShe was born in [Blank] in [Blank].\nPlease **ONLY** provide the correct answer that should replace the [Blank].\nASSISTANT:',
    );
    expect(clozePrompt('Ana works as a __.', undefined, []).text).toBe(
      'USER:\nAna works as a [Blank].\nPlease **ONLY** provide the correct answer that should replace the [Blank].\nASSISTANT:',
    );
  });

  it('generation: the two instructions differ as in eval.py ("accurately" only with the image)', () => {
    expect(generationPrompt('Who is this?', img(1)).text).toBe(
      'USER: <image>\nWho is this?\nAnswer the question based on your trained knowledge in one sentence accurately in ENGLISH.\nASSISTANT: ',
    );
    expect(generationPrompt('Who is Ana?', undefined).text).toBe(
      'USER: Who is Ana?\nAnswer the question based on your trained knowledge in one sentence in ENGLISH.\nASSISTANT:',
    );
  });

  it('chat format leaves USER:/ASSISTANT: to the template and puts images where <image> stood', () => {
    const [message] = toMessages(
      classificationPrompt(q('Where?'), img(2), [{ question: q('Who?'), image: img(1) }]),
    );
    const parts = message?.content as { type: string; text?: string; data?: string }[];
    expect(parts.map((p) => p.type)).toEqual(['image', 'text', 'image', 'text']);
    expect(parts[1]?.text?.startsWith('\nQuestion: Who?')).toBe(true);
    expect(parts[1]?.text?.endsWith('Correct Answer: B\nUSER: ')).toBe(true);
    expect(parts[3]?.text?.endsWith('directly.')).toBe(true);
    const [raw] = toMessages(generationPrompt('Who is Ana?', undefined), 'raw');
    expect(raw?.content).toBe(generationPrompt('Who is Ana?', undefined).text);
  });
});

describe('answer post-processing as eval.py', () => {
  it('reads the option letter from the first character after ASSISTANT:, else null', () => {
    expect(extractOption(' b) Lima', ['A', 'B', 'C', 'D'])).toBe('B');
    expect(extractOption('USER: x ASSISTANT: C', ['A', 'B', 'C', 'D'])).toBe('C');
    expect(extractOption('The answer is B', ['A', 'B', 'C', 'D'])).toBe(null);
    expect(extractOption('', ['A', 'B'])).toBe(null);
  });
  it('keeps what follows ASSISTANT:, else the first Answer:, else the stripped text', () => {
    expect(extractAnswer('Correct Answer: Lima\nUSER: more')).toBe('Lima\nUSER: more');
    expect(extractAnswer('  Lima  ')).toBe('Lima');
    expect(extractAnswer('x ASSISTANT: Oslo ASSISTANT: y')).toBe('Oslo');
  });
});

describe('parseFactuality (eval_gpt.py extraction)', () => {
  it('takes the integer after the last colon of the score line', () => {
    expect(
      parseFactuality('{\n "Factuality Score": 8,\n "Justification": "Close: minor slip."\n}'),
    ).toMatchObject({
      score: 8,
      justification: '"Close: minor slip."',
    });
  });
  it('gives nulls when a line is missing or the score is not an integer', () => {
    expect(parseFactuality('Factuality Score: 7').score).toBe(null);
    expect(parseFactuality('Factuality Score: [7]\nJustification: ok').score).toBe(null);
    expect(parseFactuality('Factuality Score: 7/10\nJustification: ok').score).toBe(null);
  });
});
