import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type PrivlensApp } from './app.ts';
import type { ServerDeps } from './deps.ts';

export interface RunningServer {
  url: string;
  port: number;
  privlens: PrivlensApp;
  /** Graceful stop: no new connections, runs finish within `drainMs` or are checkpointed, then sockets close. */
  close(options?: { drainMs?: number }): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class UnsafeBindError extends Error {
  constructor(host: string) {
    super(`refusing to listen on ${host} without bearer tokens: set PRIVLENS_TOKENS, or bind to 127.0.0.1`);
    this.name = 'UnsafeBindError';
  }
}

/** Listens (port 0 picks a free one) and resumes the runs an earlier process left running. */
export async function startServer(
  deps: ServerDeps,
  options: { host?: string; port?: number; resumeRuns?: boolean } = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (deps.tokens.length === 0 && !isLoopback(host)) throw new UnsafeBindError(host);
  const privlens = createApp(deps);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: privlens.app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  if (options.resumeRuns !== false) privlens.runs.resumeInterrupted();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    privlens,
    close(closeOptions = {}) {
      closing ??= (async () => {
        const closed = new Promise<void>((r) => server.close(() => r()));
        await privlens.runs.shutdown(closeOptions.drainMs ?? 0);
        const http = server as unknown as { closeIdleConnections?(): void; closeAllConnections?(): void };
        http.closeIdleConnections?.();
        const forced = setTimeout(() => http.closeAllConnections?.(), 2000);
        await closed;
        clearTimeout(forced);
      })();
      return closing;
    },
  };
}
