import { AttributeGuess } from '@privlens/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderTextCard } from '../../../../test-support/text-card.ts';
import { createOfflineEngine } from './engine.ts';
import { AttributeGuessList, createOfflineModel } from './model.ts';

const engine = createOfflineEngine({ year: 2024 });
afterAll(() => engine.close());
const model = createOfflineModel({ engine, role: 'target' });

const sign = (text: string) =>
  Buffer.from(
    renderTextCard([text], { width: 600, height: 120, fontPx: 40, x: 20, top: 75, lineHeight: 0 }),
  ).toString('base64');

describe('createOfflineModel', () => {
  it('is labelled honestly and costs nothing', async () => {
    const r = await model.invoke({
      messages: [
        { role: 'user', content: 'What is my occupation? I grade papers all weekend for my classroom.' },
      ],
    });
    expect(model.id).toBe('offline');
    expect(model.label).toBe('offline-baseline');
    expect(r.text).toContain('[offline-baseline]');
    expect(r.text).toMatch(/OCC: teacher/);
    expect(r.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(r.costUsd).toBe(0);
    expect(model.stats().calls).toBe(1);
  });

  it('reads image parts and answers an attribute-guess schema', async () => {
    const r = await model.invoke({
      messages: [
        { role: 'system', content: 'Infer the religious belief of the author.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look at this!' },
            { type: 'image', mimeType: 'image/png', data: sign('SYNAGOGUE SHABBAT') },
          ],
        },
      ],
      schema: AttributeGuessList,
    });
    expect(r.parsed?.guesses.map((g) => g.attribute)).toEqual(['REG']);
    expect(r.parsed?.guesses[0]?.candidates[0]?.value).toBe('Judaism');
  }, 30_000);

  it('falls back to text for a schema of another shape', async () => {
    const r = await model.invoke({
      messages: [{ role: 'user', content: 'hello' }],
      schema: z.object({ verdict: z.enum(['respond', 'reject']) }),
    });
    expect(r.parsed).toBeUndefined();
    expect(r.text).toContain('offline-baseline');
    expect(z.array(AttributeGuess).safeParse([]).success).toBe(true);
  });

  it('honours an aborted signal', async () => {
    await expect(
      model.invoke({ messages: [{ role: 'user', content: 'x' }] }, { signal: AbortSignal.abort() }),
    ).rejects.toThrow();
    expect(model.stats().errors).toBe(1);
  });
});
