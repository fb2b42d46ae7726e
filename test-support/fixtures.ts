import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixtures sit beside the checkout (`../shared/fixtures`); they are read in place, never copied. */
export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures');

export function fixturePath(...parts: string[]): string {
  const p = join(FIXTURES_DIR, ...parts);
  if (!existsSync(p))
    throw new Error(`fixture not found: ${p} (expected ../shared/fixtures beside the checkout)`);
  return p;
}
