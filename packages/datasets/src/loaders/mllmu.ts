import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DatasetError, type LoadMode, type LoadResult, RecordCollector } from '../errors.ts';
import { MllmuProfile, MllmuSplitIds } from '../schemas/mllmu.ts';
import { readJsonFile } from './json-file.ts';

/** The image formats MLLMU-Bench ships, told apart by their first bytes. */
export function sniffImageMime(bytes: Uint8Array): string {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'image/gif';
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45)
    return 'image/webp';
  if (b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp';
  return 'application/octet-stream';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The HF `Image` feature struct `{bytes, path}` → ImageRef; anything else is left for the schema to reject. */
function toImageRef(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return value;
  const { bytes, path } = value as { bytes?: unknown; path?: unknown };
  const ref: { bytes?: Uint8Array; path?: string; mimeType?: string } = {};
  if (bytes instanceof Uint8Array) {
    ref.bytes = bytes;
    ref.mimeType = sniffImageMime(bytes);
  } else if (bytes !== null && bytes !== undefined) {
    return { bytes }; // wrong type: let the schema name the field
  }
  if (path instanceof Uint8Array) ref.path = UTF8.decode(path);
  else if (typeof path === 'string') ref.path = path;
  return ref;
}

/**
 * With `utf8: false` hyparquet leaves BYTE_ARRAY columns lacking a STRING annotation as bytes; writers that
 * omit the annotation (and nested text in some files) arrive as Uint8Array. Text fields are decoded back,
 * while image bytes stay bytes.
 */
function decodeText(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    try {
      return UTF8.decode(value);
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(decodeText);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeText(v)]));
  }
  return value;
}

function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined) continue; // a parquet null is an absent optional field
    if (key === 'image') out.image = toImageRef(value);
    else if (key === 'images') out.images = Array.isArray(value) ? value.map(toImageRef) : value;
    else if (key === 'ID' && typeof value === 'number') out.ID = String(value).padStart(3, '0');
    else out[key] = decodeText(value);
  }
  return out;
}

export interface ReadMllmuOptions {
  mode?: LoadMode;
  /** Read only these columns (e.g. skip `images` when only text tasks are needed). */
  columns?: string[];
}

export interface MllmuReader extends AsyncIterable<MllmuProfile> {
  /** Filled as rows are read: how many were skipped in lenient mode, and why. */
  readonly skipped: number;
  readonly errors: DatasetError[];
}

/**
 * Streams MLLMU-Bench profiles from one parquet file, one row group at a time, so a 700 MB Test_Set shard
 * never sits whole in memory. Rows are numbered 1-based across the file in errors.
 */
export function readMllmuParquet(file: string, options: ReadMllmuOptions = {}): MllmuReader {
  const sink = new RecordCollector<MllmuProfile>(file, options.mode);
  async function* rows(): AsyncGenerator<MllmuProfile> {
    let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>;
    let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
    try {
      buffer = await asyncBufferFromFile(file);
      metadata = await parquetMetadataAsync(buffer);
    } catch (cause) {
      throw new DatasetError({
        file,
        message: `not a readable parquet file (${(cause as Error).message})`,
        cause,
      });
    }
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    if (!columns.includes('ID'))
      throw new DatasetError({ file, field: 'ID', message: 'no ID column: not an MLLMU-Bench file' });
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const objects = await parquetReadObjects({
        file: buffer,
        metadata,
        rowStart,
        rowEnd,
        columns: options.columns,
        utf8: false,
        compressors,
      });
      for (const [i, raw] of objects.entries()) {
        const row = rowStart + i + 1;
        const profile = sink.accept(MllmuProfile, normaliseRow(raw), row);
        if (profile) yield profile;
      }
      rowStart = rowEnd;
    }
  }
  return {
    [Symbol.asyncIterator]: rows,
    get skipped() {
      return sink.errors.length;
    },
    errors: sink.errors,
  };
}

/** Reads a whole (small) parquet file into memory: for tests and the few-shot file. */
export async function loadMllmuParquet(
  file: string,
  options: ReadMllmuOptions = {},
): Promise<LoadResult<MllmuProfile>> {
  const reader = readMllmuParquet(file, options);
  const records: MllmuProfile[] = [];
  for await (const profile of reader) records.push(profile);
  return { records, skipped: reader.skipped, errors: reader.errors, warnings: [] };
}

/** `Data_split/<split>/{forget,retain}_ids.json` → the profile ids (3-digit strings, e.g. "093"). */
export function loadMllmuSplitIds(file: string): string[] {
  const parsed = MllmuSplitIds.safeParse(readJsonFile(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const index = typeof issue?.path[0] === 'number' ? issue.path[0] : undefined;
    throw new DatasetError({
      file,
      row: index === undefined ? undefined : index + 1,
      field: index === undefined ? undefined : `[${index}]`,
      message: issue?.message ?? 'expected a list of profile ids',
    });
  }
  const seen = new Set<string>();
  for (const [i, id] of parsed.data.entries()) {
    if (seen.has(id))
      throw new DatasetError({ file, row: i + 1, field: `[${i}]`, message: `duplicate id ${id}` });
    seen.add(id);
  }
  return parsed.data;
}
