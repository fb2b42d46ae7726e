import { readFileSync } from 'node:fs';
import { DatasetError } from '../errors.ts';

/** Reads a whole text file; an unreadable one is a DatasetError naming it. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new DatasetError({ file, message: `cannot read file (${(cause as Error).message})`, cause });
  }
}

/** Reads and parses a whole JSON file, naming the file (and the position) when it is not JSON. */
export function readJsonFile(file: string): unknown {
  const text = readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new DatasetError({ file, message: `not valid JSON (${(cause as Error).message})`, cause });
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
