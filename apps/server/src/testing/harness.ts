import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@privlens/store';
import type { Limits } from '../deps.ts';
import { jsonLogger } from '../http/logger.ts';
import { type RunningServer, startServer } from '../server.ts';
import { loadPackageServices, type PackageServicesOptions, type Services } from '../services.ts';

export interface TestServer extends RunningServer {
  store: Store;
  services: Services;
  logs: string[];
  /** Stops the server, then the services and the store (the files stay for the next server). */
  stop(options?: { drainMs?: number }): Promise<void>;
}

export function tempDir(prefix = 'privlens-server-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The real server over the real packages, on 127.0.0.1 and a free port, with its logs captured. */
export async function startTestServer(options: {
  dir: string;
  tokens?: string[];
  limits?: Partial<Limits>;
  services?: Omit<PackageServicesOptions, 'store'>;
  clock?: { now(): number };
}): Promise<TestServer> {
  const store = openStore(join(options.dir, 'privlens.db'));
  const services = await loadPackageServices({
    images: false,
    checkpointer: { kind: 'sqlite', file: join(options.dir, 'checkpoints.db') },
    ...options.services,
    store,
  });
  const logs: string[] = [];
  const server = await startServer(
    {
      store,
      services,
      tokens: options.tokens ?? ['test-token-0123456789'],
      logger: jsonLogger((line) => logs.push(line)),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    },
    { host: '127.0.0.1', port: 0 },
  );
  return {
    ...server,
    store,
    services,
    logs,
    async stop(stopOptions) {
      await server.close(stopOptions);
      await services.close();
      store.close();
    },
  };
}
