import { getEventListeners } from 'node:events';
import { PRISM_ATTRIBUTES, SYNTHPAI_ATTRIBUTES } from '@privlens/datasets';
import { createOfflineEngine, inferFromEvidence } from '@privlens/models';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createAttributeInferenceGraph } from '../inference/graph.ts';
import { scanPost } from './scan-post.ts';

vi.mock('../inference/graph.ts', async (original) => {
  const actual = await original<typeof import('../inference/graph.ts')>();
  return { ...actual, createAttributeInferenceGraph: vi.fn(actual.createAttributeInferenceGraph) };
});

const engine = createOfflineEngine({ images: false });
const offline = { engine, reasoner: inferFromEvidence };
afterAll(() => engine.close());

describe('scanPost on the offline engine', () => {
  it('warns about what a draft reveals and suggests the words to cut', async () => {
    const text =
      'Finally done with my night shifts as a nurse at the hospital. Sunday mass with the family tomorrow!';
    const scan = await scanPost({ id: 'draft', text }, { offline, textOnly: true });
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

  it('does not warn about what the engine only guessed from a prior (sex or education given a job)', async () => {
    const scan = await scanPost(
      { id: 'job', text: 'Another night shift in the ICU, twelve hours on the ward.' },
      { offline },
    );
    expect(scan.risks.map((r) => r.attribute)).toContain('OCC');
    expect(scan.risks.map((r) => r.attribute)).not.toContain('SEX');
    for (const risk of scan.risks) expect(risk.candidates[0]?.rationale ?? '').not.toMatch(/^prior:/);
  });

  it('reports nothing for a post without personal cues', async () => {
    const scan = await scanPost({ id: 'bland', text: 'What a lovely sunny afternoon.' }, { offline });
    expect(scan.risks).toEqual([]);
    expect(scan.redactedText).toBe('What a lovely sunny afternoon.');
  });

  it('compiles the graph once per engine and attribute set, and leaves no listener on the caller signal', async () => {
    const compile = vi.mocked(createAttributeInferenceGraph);
    // A reasoner of its own: the earlier tests' graph over this engine is cached already.
    const mine = {
      engine,
      reasoner: (...args: Parameters<typeof inferFromEvidence>) => inferFromEvidence(...args),
    };
    compile.mockClear();
    const controller = new AbortController();
    const warnings: string[] = [];
    const onWarning = (w: Error) => {
      if (w.name === 'MaxListenersExceededWarning') warnings.push(w.message);
    };
    process.on('warning', onWarning);
    try {
      const posts = Array.from({ length: 6 }, (_, i) => ({
        id: `p${i}`,
        text: `Night shift number ${i} as a nurse, then church on Sunday.`,
      }));
      const scans = await Promise.all(
        posts.map((p) => scanPost(p, { offline: mine, signal: controller.signal })),
      );
      for (const scan of scans) expect(scan.risks.some((r) => r.attribute === 'OCC')).toBe(true);
      expect(compile).toHaveBeenCalledTimes(1);
      await scanPost(posts[0] as (typeof posts)[number], {
        offline: mine,
        attributeSet: SYNTHPAI_ATTRIBUTES,
      });
      expect(compile).toHaveBeenCalledTimes(2);
      await scanPost(posts[1] as (typeof posts)[number], { offline: mine, attributeSet: PRISM_ATTRIBUTES });
      expect(compile).toHaveBeenCalledTimes(2);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    // PRISM's 12 targets are reasoned in parallel: neither the step signal nor the caller's warns or leaks.
    expect(warnings).toEqual([]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
