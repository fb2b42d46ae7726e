import type { FakeAnswer, FakeChatInput } from '@privlens/models/testing';

/** Words the scripted perception agent recognises, with the attribute each bears on. */
const LEXICON: Record<string, { kind: string; attribute: string; value: string }> = {
  nurse: { kind: 'occupation', attribute: 'OCC', value: 'nurse' },
  teacher: { kind: 'occupation', attribute: 'OCC', value: 'teacher' },
  porto: { kind: 'place', attribute: 'LOC', value: 'Portugal' },
  lyon: { kind: 'place', attribute: 'LOC', value: 'France' },
};

function perception(input: FakeChatInput): FakeAnswer {
  const post = /Post (\S+):\n([\s\S]*)$/.exec(input.text);
  const text = post?.[2] ?? '';
  const observations = [];
  for (const word of text.split(/[^A-Za-z]+/)) {
    const hit = LEXICON[word.toLowerCase()];
    if (hit)
      observations.push({
        source: 'text',
        kind: hit.kind,
        value: hit.value,
        quote: word,
        region: null,
        confidence: 0.9,
        attributes: [hit.attribute],
      });
  }
  for (const image of input.images)
    observations.push({
      source: 'ocr',
      kind: 'text',
      value: `badge ${image.data.length}`,
      quote: null,
      region: { x: 4, y: 8, width: 40, height: 12 },
      confidence: 0.7,
      attributes: ['OCC'],
    });
  return { json: { observations }, usage: { inputTokens: 100, outputTokens: 20 } };
}

/** Proposes every value named by an observation whose kind fits the attribute, citing it. */
function reasoning(input: FakeChatInput): FakeAnswer {
  const key = /\(key (\S+), kind/.exec(input.text)?.[1] ?? '';
  const wanted = key.startsWith('OCC') ? 'occupation' : key.startsWith('LOC') ? 'place' : '';
  const byValue = new Map<string, string[]>();
  for (const line of input.text.split('\n')) {
    const m = /^\[(\S+)\] post \S+ · \w+\/(\S+) · (.+) \(confidence/.exec(line);
    if (m && m[2] === wanted)
      byValue.set(m[3] as string, [...(byValue.get(m[3] as string) ?? []), m[1] as string]);
  }
  const candidates = [...byValue].map(([value, evidenceIds]) => ({
    value,
    confidence: Math.min(0.95, 0.5 + 0.2 * evidenceIds.length),
    rationale: `named in ${evidenceIds.length} observation(s)`,
    evidenceIds,
  }));
  return { json: { candidates }, usage: { inputTokens: 80, outputTokens: 30 } };
}

/** A scripted multimodal model for the inference graph: valid structured answers for both steps. */
export function scriptedInferenceAnswer(input: FakeChatInput): FakeAnswer {
  if (input.structured?.name === 'perception') return perception(input);
  if (input.structured?.name === 'reasoning') return reasoning(input);
  return 'unexpected request';
}

/** Which user a request was about: perception prompts name the post, reasoning prompts list evidence ids. */
export function requestUser(input: { text: string }): string | undefined {
  return /(?:Post |\[)(u\d+)\//.exec(input.text)?.[1];
}
