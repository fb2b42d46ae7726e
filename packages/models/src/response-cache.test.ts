import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@privlens/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './create-model.ts';
import { closeOwnedStores } from './response-cache.ts';
import { type FakeServer, startFakeOpenAI } from './testing/index.ts';

let server: FakeServer;
const home = mkdtempSync(join(tmpdir(), 'privlens-home-'));
beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});
const ask = { messages: [{ role: 'user' as const, content: 'default cache' }] };

describe('default response cache', () => {
  it('lives in $PRIVLENS_HOME/privlens.db and is shared by models of the process', async () => {
    const id = `openai-compatible:${server.baseURL}#default-cache`;
    const env = { PRIVLENS_HOME: home };
    expect((await createModel(id, { env }).invoke(ask)).cached).toBe(false);
    expect((await createModel(id, { env }).invoke(ask)).cached).toBe(true);
    closeOwnedStores();
    const file = join(home, 'privlens.db');
    expect(existsSync(file)).toBe(true);
    const store = openStore(file);
    expect(store.cache.size()).toBe(1);
    store.close();
  });

  it('is off with PRIVLENS_CACHE=off', async () => {
    const id = `openai-compatible:${server.baseURL}#no-cache`;
    const env = { PRIVLENS_HOME: home, PRIVLENS_CACHE: 'off' };
    await createModel(id, { env }).invoke(ask);
    expect((await createModel(id, { env }).invoke(ask)).cached).toBe(false);
  });
});
