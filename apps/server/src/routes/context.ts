import { setMaxListeners } from 'node:events';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Clock, Limits } from '../deps.ts';
import type { AuthVariables } from '../http/auth.ts';
import { ApiError } from '../http/errors.ts';
import { type Logger, redact } from '../http/logger.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { ServiceInputError, type Services } from '../services.ts';

export type Env = { Variables: AuthVariables & { requestId: string } };
export type App = OpenAPIHono<Env>;

export interface RouteContext {
  services: Services;
  runs: RunManager;
  limits: Limits;
  clock: Clock;
  logger: Logger;
  chatDefense: 'policy-guard' | 'self-moderation' | 'none';
}

export const errorResponses = (schema: unknown, ...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      { description: ERROR_TEXT[code] ?? 'error', content: { 'application/json': { schema } } },
    ]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input; `error.param` names the field',
  401: 'missing or invalid bearer token',
  404: 'no such run',
  413: 'request body too large',
  415: 'unsupported content type',
  429: 'rate limit exceeded (see Retry-After)',
  502: 'the upstream model failed',
  504: 'deadline exceeded',
};

/** What a thrown service error means to the caller. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ServiceInputError)
    return new ApiError(400, 'invalid_request_error', `${error.field}: ${error.message}`, error.field);
  const name = error instanceof Error ? error.name : '';
  const message = redact(error instanceof Error ? error.message : String(error));
  if (/Model|Provider|Upstream|RateLimit/i.test(name)) return new ApiError(502, 'upstream_error', message);
  return new ApiError(500, 'server_error', message);
}

/**
 * Runs `work` under the request deadline; the signal also fires when the client goes away, so the graph stops
 * calling models for nobody.
 */
/**
 * Plans a background run from a request body and starts it: a plan the services refuse is a 400 naming the
 * field; a started run's URL goes in Location.
 */
export function startPlannedRun(c: Context, ctx: RouteContext, body: Parameters<Services['planRun']>[0]) {
  const plan = ctx.services.planRun(body);
  if ('field' in plan)
    throw new ApiError(400, 'invalid_request_error', `${plan.field}: ${plan.message}`, plan.field);
  const run = ctx.runs.start(plan);
  c.header('Location', `/v1/runs/${run.id}`);
  return run;
}

export async function withDeadline<T>(
  c: Context,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  // Each parallel graph task listens on this signal: more than Node's default 10 is normal.
  setMaxListeners(0, controller.signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ApiError(504, 'timeout_error', `request exceeded its ${ms} ms deadline`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  const gone = () => controller.abort(new Error('client closed the connection'));
  c.req.raw.signal?.addEventListener('abort', gone, { once: true });
  try {
    const working = work(controller.signal);
    // Once the deadline has answered, a late failure of the abandoned work is expected, not unhandled.
    working.catch(() => {});
    return await Promise.race([working, timedOut]);
  } finally {
    clearTimeout(timer);
    c.req.raw.signal?.removeEventListener('abort', gone);
  }
}
