import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { RunStatus } from './runs.ts';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('run status', () => {
  it('tells an interrupted run (resumable) from a cancelled one and from the other states', () => {
    const store = openStore(':memory:');
    stores.push(store);
    const stopped = store.runs.create({ kind: 'spy' });
    const cancelled = store.runs.create({ kind: 'spy' });
    store.runs.setStatus(stopped.id, 'interrupted');
    store.runs.setStatus(cancelled.id, 'cancelled');
    expect(store.runs.get(stopped.id)?.status).toBe('interrupted');
    expect(store.runs.list({ status: 'interrupted' }).map((r) => r.id)).toEqual([stopped.id]);
    expect(store.runs.list({ status: 'cancelled' }).map((r) => r.id)).toEqual([cancelled.id]);
    // A resumed run goes back to running.
    store.runs.setStatus(stopped.id, 'running');
    expect(store.runs.get(stopped.id)?.status).toBe('running');
    expect(RunStatus.options).toEqual(['running', 'done', 'failed', 'cancelled', 'interrupted']);
  });

  it('refuses a status it does not know', () => {
    const store = openStore(':memory:');
    stores.push(store);
    const run = store.runs.create({ kind: 'spy', status: 'interrupted' });
    expect(run.status).toBe('interrupted');
    expect(() => store.runs.setStatus(run.id, 'paused' as RunStatus)).toThrow();
    expect(store.runs.get(run.id)?.status).toBe('interrupted');
  });
});
