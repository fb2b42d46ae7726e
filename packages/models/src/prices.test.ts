import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { costUsd, loadPrices, priceFor } from './prices.ts';

const dir = mkdtempSync(join(tmpdir(), 'privlens-prices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prices', () => {
  it('matches dated model names to the longest listed prefix', () => {
    const table = loadPrices();
    expect(priceFor(table, 'openai:gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    expect(priceFor(table, 'openai:gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceFor(table, 'openai-compatible:http://localhost:8000/v1#llava')).toBeUndefined();
    expect(costUsd(undefined, { inputTokens: 1e6, outputTokens: 1e6 })).toBe(0);
    expect(
      costUsd({ input: 2, output: 8 }, { inputTokens: 500_000, outputTokens: 250_000 }, 0.5),
    ).toBeCloseTo(1.5, 12);
  });

  it('layers a price file and option overrides over the built-in table', () => {
    const file = join(dir, 'prices.json');
    writeFileSync(
      file,
      JSON.stringify({ batchDiscount: 0.4, models: { 'openai:gpt-4o': { input: 5, output: 20 } } }),
    );
    const table = loadPrices({
      file,
      overrides: { 'openai-compatible:http://gpu:8000/v1#qwen': { input: 0.01, output: 0.02 } },
    });
    expect(table.batchDiscount).toBe(0.4);
    expect(priceFor(table, 'openai:gpt-4o')).toEqual({ input: 5, output: 20 });
    expect(priceFor(table, 'openai-compatible:http://gpu:8000/v1#qwen')?.input).toBe(0.01);
    expect(priceFor(table, 'anthropic:claude-sonnet-4-5')).toEqual({ input: 3, output: 15 });
  });

  it('names the file and field of a bad price table', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ models: { 'openai:x': { input: -1, output: 1 } } }));
    expect(() => loadPrices({ file })).toThrow(/bad\.json: field models\.openai:x\.input/);
  });
});
