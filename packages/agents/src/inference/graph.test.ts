import type { Candidate, Evidence } from '@privlens/datasets';
import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import type { InferenceBackend } from './backends.ts';
import { createAttributeInferenceGraph } from './graph.ts';
import { MINI_ATTRIBUTES } from './testing/scripted-users.ts';

/** Cites every observation whose value names a word of the target; counts calls per step. */
function scriptedBackend(failOnce?: string) {
  const calls = { perceive: [] as string[], reason: [] as string[] };
  let failed = false;
  const backend: InferenceBackend = {
    label: 'scripted',
    async perceive(post) {
      calls.perceive.push(post.id);
      const words = post.text.split(/\s+/).filter(Boolean);
      return {
        value: words.map(
          (w, i): Evidence => ({
            id: `${post.id}#${i}`,
            postId: post.id,
            source: 'text',
            kind: 'keyword',
            value: w,
            confidence: 0.9,
          }),
        ),
      };
    },
    async reason(target, evidence) {
      calls.reason.push(target.key);
      if (target.key === failOnce && !failed) {
        failed = true;
        throw new Error('503 from provider');
      }
      const options = target.key === 'OCC' ? ['nurse', 'teacher'] : ['Porto', 'Lyon'];
      const candidates: Candidate[] = options
        .map((o) => ({
          value: o,
          confidence: 0.6,
          evidenceIds: evidence.filter((e) => e.value === o).map((e) => e.id),
        }))
        .filter((c) => c.evidenceIds.length);
      return { value: candidates };
    },
  };
  return { backend, calls };
}

const input = {
  userId: 'u1',
  posts: [
    { id: 'p1', text: 'nurse Porto' },
    { id: 'p2', text: 'nurse again' },
    { id: 'p3', text: 'teacher Lyon Porto' },
  ],
};

describe('attribute inference graph', () => {
  it('perceives each post once, reasons once per target, and aggregates one guess per target', async () => {
    const { backend, calls } = scriptedBackend();
    const graph = createAttributeInferenceGraph({ backend, attributeSet: MINI_ATTRIBUTES });
    const custom: unknown[] = [];
    const updates: string[] = [];
    for await (const [mode, chunk] of await graph.stream(input, { streamMode: ['updates', 'custom'] })) {
      if (mode === 'custom') custom.push(chunk);
      else updates.push(...Object.keys(chunk as object));
    }
    expect(calls.perceive.sort()).toEqual(['p1', 'p2', 'p3']);
    expect(calls.reason.sort()).toEqual(['LOC.birthplace', 'OCC']);
    expect(updates.filter((n) => n === 'collect')).toHaveLength(1);
    expect(custom).toContainEqual({ type: 'aggregated', guesses: 2, abstained: 0 });

    const state = await graph.invoke(input);
    const occ = state.guesses.find((g) => g.attribute === 'OCC');
    // Two posts say nurse, one says teacher.
    expect(occ?.candidates.map((c) => c.value)).toEqual(['nurse', 'teacher']);
    expect(occ?.candidates[0]?.evidenceIds).toEqual(['p1#0', 'p2#0']);
    expect(state.guesses.find((g) => g.attribute === 'LOC.birthplace')?.candidates[0]?.value).toBe('Porto');
  });

  it('resumes from its checkpoint after a failed reasoning task without perceiving again', async () => {
    const { backend, calls } = scriptedBackend('OCC');
    const graph = createAttributeInferenceGraph({
      backend,
      attributeSet: MINI_ATTRIBUTES,
      checkpointer: new MemorySaver(),
      retryPolicy: { maxAttempts: 1 },
    });
    const config = { configurable: { thread_id: 't' } };
    await expect(graph.invoke(input, config)).rejects.toThrow('503');
    expect(calls.perceive).toHaveLength(3);
    const state = await graph.invoke(null, config);
    expect(calls.perceive).toHaveLength(3);
    // Only the failed Send task runs again.
    expect(calls.reason.filter((k) => k === 'LOC.birthplace')).toHaveLength(1);
    expect(calls.reason.filter((k) => k === 'OCC')).toHaveLength(2);
    expect(state.guesses).toHaveLength(2);
  });

  it('retries a thrown step under the node retry policy', async () => {
    const { backend, calls } = scriptedBackend('OCC');
    const graph = createAttributeInferenceGraph({
      backend,
      attributeSet: MINI_ATTRIBUTES,
      retryPolicy: { maxAttempts: 2, initialInterval: 1, jitter: false, logWarning: false },
    });
    const state = await graph.invoke(input);
    expect(calls.reason.filter((k) => k === 'OCC')).toHaveLength(2);
    expect(state.guesses.find((g) => g.attribute === 'OCC')?.abstained).toBe(false);
  });
});
