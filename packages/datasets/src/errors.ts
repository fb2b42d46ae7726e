import { z } from 'zod';

/** Where a bad record sits: the file, the row (1-based line number or record key) and the field path. */
export interface DatasetLocation {
  file: string;
  row?: number | string;
  field?: string;
}

/** A record the loader could not accept. Carries enough to find the bad value by hand. */
export class DatasetError extends Error {
  readonly file: string;
  readonly row: number | string | undefined;
  readonly field: string | undefined;
  readonly reason: string;

  constructor(location: DatasetLocation & { message: string; cause?: unknown }) {
    super(formatLocation(location, location.message), { cause: location.cause });
    this.name = 'DatasetError';
    this.file = location.file;
    this.row = location.row;
    this.field = location.field;
    this.reason = location.message;
  }
}

function formatLocation({ file, row, field }: DatasetLocation, message: string): string {
  const where = [file, row === undefined ? undefined : `row ${row}`, field ? `field ${field}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${message}`;
}

/** A problem that did not cost a record (e.g. a missing image: the post is kept text-only). */
export interface DatasetWarning extends DatasetLocation {
  message: string;
}

/** strict: the first bad record throws; lenient: bad records are skipped and counted. */
export const LoadMode = z.enum(['strict', 'lenient']);
export type LoadMode = z.infer<typeof LoadMode>;

export interface LoadResult<T> {
  records: T[];
  /** How many records were skipped (lenient mode only; strict mode throws instead). */
  skipped: number;
  /** Why each skipped record was skipped. */
  errors: DatasetError[];
  warnings: DatasetWarning[];
}

/** Joins a zod issue path the way people write it: `posts.0.text`, prefixed by where the value sat. */
export function issuePath(path: readonly PropertyKey[], prefix?: string): string {
  const parts = [...(prefix ? [prefix] : []), ...path.map((p) => String(p))];
  return parts.join('.');
}

/** Turns a failed zod parse into a DatasetError that names the first bad field. */
export function fromZodError(
  error: z.ZodError,
  location: { file: string; row?: number | string; fieldPrefix?: string },
): DatasetError {
  const first = error.issues[0];
  const field = issuePath(first?.path ?? [], location.fieldPrefix) || undefined;
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more issue(s))` : '';
  return new DatasetError({
    file: location.file,
    row: location.row,
    field,
    message: `${first?.message ?? 'invalid record'}${more}`,
    cause: error,
  });
}

/**
 * Gathers the records of one file: strict mode throws at the first bad record, lenient mode counts it
 * and keeps going, so nothing already read is lost.
 */
export class RecordCollector<T> {
  readonly records: T[] = [];
  readonly errors: DatasetError[] = [];
  readonly warnings: DatasetWarning[] = [];

  constructor(
    readonly file: string,
    readonly mode: LoadMode = 'strict',
  ) {}

  /** Validates `value` with `schema`; returns the parsed record, or undefined when it was skipped. */
  accept<S extends z.ZodType>(
    schema: S,
    value: unknown,
    row: number | string,
    fieldPrefix?: string,
  ): z.infer<S> | undefined {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    this.fail(fromZodError(parsed.error, { file: this.file, row, fieldPrefix }));
    return undefined;
  }

  /** Records a bad record: throws in strict mode. */
  fail(error: DatasetError): void {
    if (this.mode === 'strict') throw error;
    this.errors.push(error);
  }

  warn(warning: Omit<DatasetWarning, 'file'> & { file?: string }): void {
    this.warnings.push({ file: this.file, ...warning });
  }

  push(record: T): void {
    this.records.push(record);
  }

  result(): LoadResult<T> {
    return {
      records: this.records,
      skipped: this.errors.length,
      errors: this.errors,
      warnings: this.warnings,
    };
  }
}
