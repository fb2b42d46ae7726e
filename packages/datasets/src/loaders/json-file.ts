import { readFileSync } from 'node:fs';
import { DatasetError } from '../errors.ts';

/** Reads and parses a whole JSON file, naming the file (and the position) when it is not JSON. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new DatasetError({ file, message: `cannot read file (${(cause as Error).message})`, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new DatasetError({ file, message: `not valid JSON (${(cause as Error).message})`, cause });
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
