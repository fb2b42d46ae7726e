import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Usage } from './types.ts';

export const Price = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() });
export type Price = z.infer<typeof Price>;

export const PriceTable = z.object({
  batchDiscount: z.number().min(0).max(1).default(0.5),
  models: z.record(z.string(), Price),
});
export type PriceTable = z.infer<typeof PriceTable>;

function readTable(file: string): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`price table ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = PriceTable.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`price table ${file}: field ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

let builtIn: PriceTable | undefined;
export function builtInPrices(): PriceTable {
  builtIn ??= readTable(new URL('../data/prices.json', import.meta.url).pathname);
  return builtIn;
}

/** Built-in table, then PRIVLENS_PRICES / `file`, then `overrides` on top. */
export function loadPrices(options: { file?: string; overrides?: Record<string, Price> } = {}): PriceTable {
  const base = builtInPrices();
  const file = options.file ?? process.env.PRIVLENS_PRICES;
  const fromFile = file ? readTable(file) : undefined;
  return {
    batchDiscount: fromFile?.batchDiscount ?? base.batchDiscount,
    models: { ...base.models, ...fromFile?.models, ...options.overrides },
  };
}

/** Exact id, else the longest listed id that prefixes it (`openai:gpt-4o-2024-08-06` → `openai:gpt-4o`). */
export function priceFor(table: PriceTable, modelId: string): Price | undefined {
  const exact = table.models[modelId];
  if (exact) return exact;
  let best: string | undefined;
  for (const id of Object.keys(table.models)) {
    if (modelId.startsWith(id) && (best === undefined || id.length > best.length)) best = id;
  }
  return best ? table.models[best] : undefined;
}

export function costUsd(price: Price | undefined, usage: Usage, factor = 1): number {
  if (!price) return 0;
  return ((usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000) * factor;
}
