import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** An HTTP error with what retry classification needs: status and headers (Retry-After). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    message: string,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

export interface JsonTransport {
  post(url: URL, headers: Record<string, string>, body: unknown, signal: AbortSignal): Promise<unknown>;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function errorMessage(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (message) return `${status} ${message}`;
  } catch {}
  return `${status} ${text.slice(0, 200)}`;
}

/**
 * JSON POSTs over node:http keep-alive sockets: the hot path of plain chat calls. The `openai` client costs
 * about a millisecond of CPU per call on top (undici Request/stream machinery, header building, logging),
 * which at 640 req/s is most of one core (see bench/throughput.ts). Everything else uses the SDKs.
 */
export function createJsonTransport(options: { maxSockets?: number } = {}): JsonTransport {
  const maxSockets = options.maxSockets ?? 256;
  const http = new HttpAgent({ keepAlive: true, maxSockets, scheduling: 'lifo' });
  const https = new HttpsAgent({ keepAlive: true, maxSockets, scheduling: 'lifo' });
  return {
    post(url, headers, body, signal) {
      const payload = JSON.stringify(body);
      const secure = url.protocol === 'https:';
      return new Promise((resolve, reject) => {
        const req = (secure ? httpsRequest : httpRequest)(
          url,
          {
            method: 'POST',
            agent: secure ? https : http,
            signal,
            headers: {
              ...headers,
              'content-type': 'application/json',
              accept: 'application/json',
              'content-length': Buffer.byteLength(payload),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const status = res.statusCode ?? 0;
              if (status < 200 || status >= 300) {
                reject(new HttpStatusError(status, flatHeaders(res.headers), errorMessage(status, text)));
                return;
              }
              try {
                resolve(JSON.parse(text));
              } catch (error) {
                reject(error);
              }
            });
          },
        );
        req.on('error', (error) => reject(signal.aborted ? signal.reason : error));
        req.end(payload);
      });
    },
  };
}
