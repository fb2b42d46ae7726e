import type Database from 'better-sqlite3';

/** A provider batch job privlens submitted, kept so a restarted process resumes polling instead of resubmitting. */
export interface BatchJob {
  id: string;
  provider: string;
  modelId: string;
  providerBatchId: string | null;
  status: string;
  data: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface BatchStore {
  get(id: string): BatchJob | undefined;
  put(job: {
    id: string;
    provider: string;
    modelId: string;
    providerBatchId?: string | null;
    status: string;
    data?: unknown;
  }): BatchJob;
  list(filter?: { status?: string; modelId?: string }): BatchJob[];
  delete(id: string): boolean;
}

interface BatchRow {
  id: string;
  provider: string;
  model_id: string;
  provider_batch_id: string | null;
  status: string;
  data: string;
  created_at: number;
  updated_at: number;
}

function toJob(row: BatchRow): BatchJob {
  return {
    id: row.id,
    provider: row.provider,
    modelId: row.model_id,
    providerBatchId: row.provider_batch_id,
    status: row.status,
    data: JSON.parse(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createBatchStore(db: Database.Database): BatchStore {
  const select = db.prepare<[string], BatchRow>('SELECT * FROM batches WHERE id = ?');
  const selectAll = db.prepare<[], BatchRow>('SELECT * FROM batches ORDER BY created_at, id');
  const upsert = db.prepare(
    `INSERT INTO batches (id, provider, model_id, provider_batch_id, status, data, created_at, updated_at)
     VALUES (@id, @provider, @modelId, @providerBatchId, @status, @data, @now, @now)
     ON CONFLICT(id) DO UPDATE SET provider_batch_id = excluded.provider_batch_id, status = excluded.status,
       data = excluded.data, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM batches WHERE id = ?');
  return {
    get(id) {
      const row = select.get(id);
      return row ? toJob(row) : undefined;
    },
    put(job) {
      upsert.run({
        id: job.id,
        provider: job.provider,
        modelId: job.modelId,
        providerBatchId: job.providerBatchId ?? null,
        status: job.status,
        data: JSON.stringify(job.data ?? {}),
        now: Date.now(),
      });
      return toJob(select.get(job.id) as BatchRow);
    },
    list(filter = {}) {
      return selectAll
        .all()
        .map(toJob)
        .filter(
          (job) =>
            (filter.status === undefined || job.status === filter.status) &&
            (filter.modelId === undefined || job.modelId === filter.modelId),
        );
    },
    delete(id) {
      return remove.run(id).changes > 0;
    },
  };
}
