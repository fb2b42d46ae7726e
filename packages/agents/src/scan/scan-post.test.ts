import { createOfflineEngine, inferFromEvidence } from '@privlens/models';
import { afterAll, describe, expect, it } from 'vitest';
import { scanPost } from './scan-post.ts';

const engine = createOfflineEngine({ images: false });
afterAll(() => engine.close());

describe('scanPost on the offline engine', () => {
  it('warns about what a draft reveals and suggests the words to cut', async () => {
    const text =
      'Finally done with my night shifts as a nurse at the hospital. Sunday mass with the family tomorrow!';
    const scan = await scanPost(
      { id: 'draft', text },
      { offline: { engine, reasoner: inferFromEvidence }, textOnly: true },
    );
    const occupation = scan.risks.find((r) => r.attribute === 'OCC');
    expect(occupation?.candidates[0]?.value).toBe('nurse');
    for (const e of occupation?.evidence ?? [])
      expect(occupation?.candidates.some((c) => c.evidenceIds.includes(e.id))).toBe(true);
    // Every suggested text redaction is a real span of the draft, and applying them removes the cue.
    const spans = scan.redactions.filter((r) => r.type === 'text');
    expect(spans.length).toBeGreaterThan(0);
    for (const r of spans) if (r.type === 'text') expect(text.slice(r.start, r.end)).toBe(r.text);
    expect(scan.redactedText).not.toMatch(/\bnurse\b/);
  });

  it('reports nothing for a post without personal cues', async () => {
    const scan = await scanPost(
      { id: 'bland', text: 'What a lovely sunny afternoon.' },
      { offline: { engine, reasoner: inferFromEvidence } },
    );
    expect(scan.risks).toEqual([]);
    expect(scan.redactedText).toBe('What a lovely sunny afternoon.');
  });
});
