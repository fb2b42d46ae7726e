import { readFileSync } from 'node:fs';
import { DatasetError, fromZodError } from './errors.ts';
import { AttributeSet } from './schemas/attributes.ts';

/** Loads and validates an attribute taxonomy (the shape of `data/attributes/*.json`). */
export function loadAttributeSet(file: string | URL): AttributeSet {
  const name = file instanceof URL ? file.pathname : file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new DatasetError({
      file: name,
      message: `cannot read attribute set (${(cause as Error).message})`,
      cause,
    });
  }
  const parsed = AttributeSet.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, { file: name });
  return parsed.data;
}

/** The shipped data files sit beside src/ and dist/, so one path serves sources and the build. */
const shipped = (name: string) => new URL(`../data/attributes/${name}.json`, import.meta.url);

export const PRISM_ATTRIBUTES: AttributeSet = loadAttributeSet(shipped('prism'));
export const SYNTHPAI_ATTRIBUTES: AttributeSet = loadAttributeSet(shipped('synthpai'));
