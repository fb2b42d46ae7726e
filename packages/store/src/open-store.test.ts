import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStoreFile, openStore, type Store } from './open-store.ts';
import { UnknownRunError } from './runs.ts';

const dirs: string[] = [];
const stores: Store[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'privlens-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'privlens.db');
}
function open(file: string): Store {
  const store = openStore(file);
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('puts the default file under PRIVLENS_HOME, else ./.privlens', () => {
    expect(defaultStoreFile({ PRIVLENS_HOME: '/x/y' })).toBe('/x/y/privlens.db');
    expect(defaultStoreFile({})).toBe(join(process.cwd(), '.privlens', 'privlens.db'));
  });

  it('uses WAL on a file and creates missing folders', () => {
    const store = open(tempFile());
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('keeps cache entries across reopen, counts hits and clears', () => {
    const file = tempFile();
    const first = open(file);
    first.cache.put('k1', { text: 'hello', usage: { inputTokens: 3 } });
    first.cache.put('k2', [1, 2]);
    first.close();

    const second = open(file);
    expect(second.cache.get('missing')).toBeUndefined();
    expect(second.cache.get('k1')).toEqual({ text: 'hello', usage: { inputTokens: 3 } });
    second.cache.get('k1');
    const entry = second.cache.entry('k1');
    expect(entry?.hits).toBe(2);
    expect(entry?.lastHitAt).toBeGreaterThanOrEqual(entry?.createdAt ?? Infinity);
    expect(second.cache.size()).toBe(2);
    expect(second.cache.clear()).toBe(2);
    expect(second.cache.has('k1')).toBe(false);
  });

  it('refuses values that are not JSON', () => {
    const store = open(':memory:');
    expect(() => store.cache.put('k', undefined)).toThrow(/not JSON-serialisable/);
  });
});

describe('runs', () => {
  it('records the header, appends in order, lists done keys and status', () => {
    const store = open(':memory:');
    const run = store.runs.create({
      kind: 'compliance',
      config: { categories: ['age'] },
      models: { target: 'openai:gpt-4o', judge: 'offline' },
      versions: { '@privlens/models': '0.1.0' },
      seed: 7,
    });
    expect(run).toMatchObject({ kind: 'compliance', status: 'running', seed: 7, recordCount: 0 });
    expect(run.models.judge).toBe('offline');

    expect(store.runs.append(run.id, { key: 's1', label: 'respond' })).toBe(1);
    expect(store.runs.append(run.id, { label: 'reject' }, { key: 's2' })).toBe(2);
    expect(store.runs.appendMany(run.id, [{ key: 's3' }, { key: 's4' }])).toEqual([3, 4]);
    expect(store.runs.records(run.id)).toEqual([
      { key: 's1', label: 'respond' },
      { label: 'reject' },
      { key: 's3' },
      { key: 's4' },
    ]);
    expect(store.runs.entries(run.id, { afterSeq: 3 }).map((e) => e.seq)).toEqual([4]);
    expect([...store.runs.doneKeys(run.id)].sort()).toEqual(['s1', 's2', 's3', 's4']);

    store.runs.setStatus(run.id, 'done');
    expect(store.runs.get(run.id)?.status).toBe('done');
    expect(store.runs.get(run.id)?.recordCount).toBe(4);
    expect(store.runs.list({ status: 'done' }).map((r) => r.id)).toEqual([run.id]);
    expect(store.runs.list({ kind: 'other' })).toEqual([]);
  });

  it('names the unknown run and rejects bad headers', () => {
    const store = open(':memory:');
    expect(() => store.runs.append('nope', {})).toThrow(UnknownRunError);
    expect(() => store.runs.setStatus('nope', 'done')).toThrow(/unknown run "nope"/);
    expect(() => store.runs.create({ kind: '' })).toThrow();
    expect(() => store.runs.setStatus('x', 'finished' as never)).toThrow();
  });

  it('loses nothing already returned when the writer is killed with SIGKILL', async () => {
    const file = tempFile();
    const setup = open(file);
    const run = setup.runs.create({ id: 'run-kill', kind: 'test' });
    setup.close();

    // The child appends until killed and reports each seq only after append() returned.
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        join(import.meta.dirname, 'testing', 'append-forever.ts'),
        file,
        run.id,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let acknowledged = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      child.stdout.setEncoding('utf8');
      let buffer = '';
      child.stdout.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) acknowledged = Math.max(acknowledged, Number(line));
        if (acknowledged >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');

    const reopened = open(file);
    const records = reopened.runs.records(run.id) as { i: number }[];
    expect(records.length).toBeGreaterThanOrEqual(acknowledged);
    expect(records.map((r) => r.i)).toEqual(records.map((_, index) => index + 1));
    expect(reopened.runs.doneKeys(run.id).has(`k${acknowledged}`)).toBe(true);
    // The file is writable again after the crash.
    expect(reopened.runs.append(run.id, { i: records.length + 1 })).toBe(records.length + 1);
  });
});

describe('cache.putSoon', () => {
  it('is visible at once, commits on the next turn in one transaction, and is flushed by close', async () => {
    const file = tempFile();
    const writer = open(file);
    const reader = open(file);
    writer.cache.putSoon('a', { n: 1 });
    writer.cache.putSoon('b', { n: 2 });
    expect(writer.cache.get('a')).toEqual({ n: 1 });
    expect(writer.cache.has('b')).toBe(true);
    expect(reader.cache.has('a')).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.cache.get('b')).toEqual({ n: 2 });

    writer.cache.putSoon('c', { n: 3 });
    writer.close();
    expect(reader.cache.get('c')).toEqual({ n: 3 });
  });
});
