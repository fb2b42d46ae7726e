import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * `cancelled`: a person stopped the run on purpose (the server's DELETE). `interrupted`: the process was stopped
 * (Ctrl-C, SIGTERM, a shutdown) before the run finished; it is meant to be resumed.
 */
export const RunStatus = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

/** What a caller states when a run starts; everything needed to reproduce it. */
export const RunHeader = z.object({
  id: z.string().min(1).optional(),
  kind: z.string().min(1),
  config: z.unknown().default({}),
  /** Model id per role (target, judge, attacker, generator…). */
  models: z.record(z.string(), z.string()).default({}),
  /** Package name → version, so a result can be traced to the code that made it. */
  versions: z.record(z.string(), z.string()).default({}),
  seed: z.number().int().optional(),
  status: RunStatus.default('running'),
});
export type RunHeader = z.input<typeof RunHeader>;

export interface Run {
  id: string;
  kind: string;
  config: unknown;
  models: Record<string, string>;
  versions: Record<string, string>;
  seed?: number;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
  recordCount: number;
}

export interface RunRecordEntry {
  seq: number;
  key: string | null;
  record: unknown;
  createdAt: number;
}

export interface RunStore {
  create(header: RunHeader): Run;
  get(runId: string): Run | undefined;
  list(filter?: { kind?: string; status?: RunStatus }): Run[];
  setStatus(runId: string, status: RunStatus): void;
  /**
   * Commits one record before returning (its own transaction), so a killed process loses nothing already
   * returned. The key is `options.key`, else `record.key` when that is a string; `doneKeys` lists them for resume.
   */
  append(runId: string, record: unknown, options?: { key?: string }): number;
  /** Many records in one transaction: cheaper per record, all or nothing. */
  appendMany(runId: string, records: readonly unknown[]): number[];
  records(runId: string): unknown[];
  entries(runId: string, options?: { afterSeq?: number }): RunRecordEntry[];
  doneKeys(runId: string): Set<string>;
  delete(runId: string): boolean;
}

interface RunRow {
  id: string;
  kind: string;
  config: string;
  models: string;
  versions: string;
  seed: number | null;
  status: RunStatus;
  created_at: number;
  updated_at: number;
  record_count: number;
}

export class UnknownRunError extends Error {
  constructor(readonly runId: string) {
    super(`unknown run "${runId}": create it with runs.create() first`);
    this.name = 'UnknownRunError';
  }
}

function toRun(row: RunRow): Run {
  const run: Run = {
    id: row.id,
    kind: row.kind,
    config: JSON.parse(row.config),
    models: JSON.parse(row.models),
    versions: JSON.parse(row.versions),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    recordCount: row.record_count,
  };
  if (row.seed !== null) run.seed = row.seed;
  return run;
}

function keyOf(record: unknown, explicit?: string): string | null {
  if (explicit !== undefined) return explicit;
  if (record && typeof record === 'object' && typeof (record as { key?: unknown }).key === 'string') {
    return (record as { key: string }).key;
  }
  return null;
}

export function createRunStore(db: Database.Database): RunStore {
  const runColumns = `runs.*, (SELECT count(*) FROM records WHERE records.run_id = runs.id) AS record_count`;
  const insertRun = db.prepare(
    `INSERT INTO runs (id, kind, config, models, versions, seed, created_at, updated_at, status)
     VALUES (@id, @kind, @config, @models, @versions, @seed, @now, @now, @status)`,
  );
  const selectRun = db.prepare<[string], RunRow>(`SELECT ${runColumns} FROM runs WHERE id = ?`);
  const selectRuns = db.prepare<[], RunRow>(`SELECT ${runColumns} FROM runs ORDER BY created_at, id`);
  const updateStatus = db.prepare('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?');
  const runExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM runs WHERE id = ?');
  const insertRecord = db.prepare<
    [{ runId: string; key: string | null; data: string; now: number }],
    { seq: number }
  >(
    `INSERT INTO records (run_id, seq, key, data, created_at)
     VALUES (@runId, COALESCE((SELECT max(seq) FROM records WHERE run_id = @runId), 0) + 1, @key, @data, @now)
     RETURNING seq`,
  );
  const selectRecords = db.prepare<
    [string, number],
    { seq: number; key: string | null; data: string; created_at: number }
  >('SELECT seq, key, data, created_at FROM records WHERE run_id = ? AND seq > ? ORDER BY seq');
  const selectKeys = db.prepare<[string], { key: string }>(
    'SELECT DISTINCT key FROM records WHERE run_id = ? AND key IS NOT NULL',
  );
  const deleteRecords = db.prepare('DELETE FROM records WHERE run_id = ?');
  const deleteRun = db.prepare('DELETE FROM runs WHERE id = ?');

  const known = new Set<string>();
  function assertRun(runId: string): void {
    if (known.has(runId)) return;
    if (!runExists.get(runId)) throw new UnknownRunError(runId);
    known.add(runId);
  }
  function insertOne(runId: string, record: unknown, key?: string): number {
    const data = JSON.stringify(record);
    if (data === undefined) throw new TypeError(`runs.append(${runId}): record is not JSON-serialisable`);
    const row = insertRecord.get({ runId, key: keyOf(record, key), data, now: Date.now() });
    return row?.seq ?? 0;
  }
  const insertMany = db.transaction((runId: string, records: readonly unknown[]) =>
    records.map((record) => insertOne(runId, record)),
  );

  return {
    create(input) {
      const header = RunHeader.parse(input);
      const id = header.id ?? randomUUID();
      insertRun.run({
        id,
        kind: header.kind,
        config: JSON.stringify(header.config ?? {}),
        models: JSON.stringify(header.models),
        versions: JSON.stringify(header.versions),
        seed: header.seed ?? null,
        now: Date.now(),
        status: header.status,
      });
      known.add(id);
      return toRun(selectRun.get(id) as RunRow);
    },
    get(runId) {
      const row = selectRun.get(runId);
      return row ? toRun(row) : undefined;
    },
    list(filter = {}) {
      return selectRuns
        .all()
        .map(toRun)
        .filter(
          (run) =>
            (filter.kind === undefined || run.kind === filter.kind) &&
            (filter.status === undefined || run.status === filter.status),
        );
    },
    setStatus(runId, status) {
      RunStatus.parse(status);
      if (updateStatus.run(status, Date.now(), runId).changes === 0) throw new UnknownRunError(runId);
    },
    append(runId, record, options) {
      assertRun(runId);
      return insertOne(runId, record, options?.key);
    },
    appendMany(runId, records) {
      assertRun(runId);
      return insertMany(runId, records);
    },
    records(runId) {
      return selectRecords.all(runId, 0).map((row) => JSON.parse(row.data));
    },
    entries(runId, options = {}) {
      return selectRecords.all(runId, options.afterSeq ?? 0).map((row) => ({
        seq: row.seq,
        key: row.key,
        record: JSON.parse(row.data),
        createdAt: row.created_at,
      }));
    },
    doneKeys(runId) {
      return new Set(selectKeys.all(runId).map((row) => row.key));
    },
    delete(runId) {
      known.delete(runId);
      return db.transaction(() => {
        deleteRecords.run(runId);
        return deleteRun.run(runId).changes > 0;
      })();
    },
  };
}
