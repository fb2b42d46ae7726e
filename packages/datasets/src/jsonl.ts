import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { DatasetError, fromZodError, type LoadMode, type LoadResult, RecordCollector } from './errors.ts';
import { readTextFile } from './loaders/json-file.ts';

/**
 * privlens JSONL: one JSON value per line. Bytes (image data) are written as `{"$base64": "…"}` so they
 * round-trip into a Uint8Array on read; nothing else is changed.
 */
const BYTES_TAG = '$base64';

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array)
    return { [BYTES_TAG]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const tagged = (value as Record<string, unknown>)[BYTES_TAG];
    if (keys.length === 1 && typeof tagged === 'string')
      return Uint8Array.from(Buffer.from(tagged, 'base64'));
  }
  return value;
}

/** Serialises one record as a privlens JSONL line (without the newline). */
export function toJsonlLine(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Parses one privlens JSONL line. */
export function fromJsonlLine(line: string): unknown {
  return JSON.parse(line, reviver);
}

export interface ReadJsonlOptions {
  mode?: LoadMode;
}

/** A record with the 1-based line it came from, for loaders that derive ids from the position. */
export interface JsonlRow<T> {
  line: number;
  record: T;
}

function parseLine<S extends z.ZodType>(
  sink: RecordCollector<unknown>,
  schema: S,
  line: string,
  lineNo: number,
): z.infer<S> | undefined {
  let value: unknown;
  try {
    value = fromJsonlLine(line);
  } catch (cause) {
    sink.fail(
      new DatasetError({
        file: sink.file,
        row: lineNo,
        message: `not valid JSON (${(cause as Error).message})`,
        cause,
      }),
    );
    return undefined;
  }
  return sink.accept(schema, value, lineNo);
}

/** Reads a JSONL file whole, validating every line; rows are 1-based line numbers; blank lines are skipped. */
export function readJsonl<S extends z.ZodType>(
  file: string,
  schema: S,
  options: ReadJsonlOptions = {},
): LoadResult<z.infer<S>> {
  const rows = readJsonlRows(file, schema, options);
  return { ...rows, records: rows.records.map((r) => r.record) };
}

/** Like readJsonl, keeping each record's line number. */
export function readJsonlRows<S extends z.ZodType>(
  file: string,
  schema: S,
  options: ReadJsonlOptions = {},
): LoadResult<JsonlRow<z.infer<S>>> {
  const text = readTextFile(file);
  const sink = new RecordCollector<JsonlRow<z.infer<S>>>(file, options.mode);
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const record = parseLine(sink, schema, line, i + 1);
    if (record !== undefined) sink.push({ line: i + 1, record });
  }
  return sink.result();
}

/** Streams a JSONL file line by line (for files too large to hold); bad lines throw or are skipped per mode. */
export async function* streamJsonl<S extends z.ZodType>(
  file: string,
  schema: S,
  options: ReadJsonlOptions & { onSkip?: (error: DatasetError) => void } = {},
): AsyncGenerator<z.infer<S>> {
  const sink = new RecordCollector<z.infer<S>>(file, options.mode);
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const before = sink.errors.length;
    const record = parseLine(sink, schema, line, lineNo);
    if (sink.errors.length > before) options.onSkip?.(sink.errors[sink.errors.length - 1] as DatasetError);
    if (record !== undefined) yield record;
  }
}

/**
 * Writes records as JSONL, validating each first: a bad record throws a DatasetError naming its row
 * (1-based position) and field. Records are written one line at a time, so an async iterable (a generator)
 * never has to sit whole in memory. Returns how many lines were written.
 */
export async function writeJsonl<S extends z.ZodType>(
  file: string,
  schema: S,
  records: Iterable<z.input<S>> | AsyncIterable<z.input<S>>,
): Promise<number> {
  const handle = await open(file, 'w');
  let row = 0;
  try {
    for await (const record of records as AsyncIterable<z.input<S>>) {
      row++;
      const parsed = schema.safeParse(record);
      if (!parsed.success) throw fromZodError(parsed.error, { file, row });
      await handle.write(`${toJsonlLine(parsed.data)}\n`);
    }
  } finally {
    await handle.close();
  }
  return row;
}
