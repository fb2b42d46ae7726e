import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One HTTP request as a fake provider saw it. */
export interface FakeHttpRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body bytes. */
  raw: Buffer;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
}

/**
 * How a scripted handler answers. `delayMs` waits before answering; `drop` cuts the connection with no
 * response; `body` sends raw text (for malformed responses), else `json` is serialised.
 */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
  delayMs?: number;
  drop?: boolean;
}

export type FakeRoute = (request: FakeHttpRequest) => FakeReply | Promise<FakeReply>;

export interface RunningServer {
  server: Server;
  port: number;
  origin: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer, contentType: string | undefined): unknown {
  if (!raw.length || !contentType?.includes('json')) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

async function send(res: ServerResponse, reply: FakeReply): Promise<void> {
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  if (reply.drop) {
    res.socket?.destroy();
    return;
  }
  const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
  res.writeHead(reply.status ?? 200, {
    'content-type': reply.body !== undefined ? 'application/octet-stream' : 'application/json',
    'content-length': Buffer.byteLength(body),
    ...reply.headers,
  });
  res.end(body);
}

/** A node:http server on 127.0.0.1 with an ephemeral port, keep-alive on. */
export async function startHttpServer(route: FakeRoute): Promise<RunningServer> {
  const server = createServer({ keepAliveTimeout: 30_000 }, async (req, res) => {
    try {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: FakeHttpRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        raw,
        body: parseJson(raw, req.headers['content-type']),
      };
      await send(res, await route(request));
    } catch (error) {
      if (!res.headersSent) {
        await send(res, {
          status: 500,
          json: { error: { message: `fake server failed: ${String(error)}`, type: 'server_error' } },
        });
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Rough token count the fakes report: 4 characters a token, as providers roughly do for English. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Splits text into the pieces the fakes treat as tokens, keeping leading spaces as providers do. */
export function tokenize(text: string): { token: string; offset: number }[] {
  const tokens: { token: string; offset: number }[] = [];
  for (const match of text.matchAll(/\s*\S+|\s+$/g))
    tokens.push({ token: match[0], offset: match.index ?? 0 });
  return tokens;
}
