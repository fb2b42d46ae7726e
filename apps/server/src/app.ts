import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { type Clock, DEFAULT_LIMITS, type Limits, type ServerDeps } from './deps.ts';
import { bearerAuth } from './http/auth.ts';
import { ApiError, issueError, sendError } from './http/errors.ts';
import { jsonLogger } from './http/logger.ts';
import { rateLimit } from './http/rate-limit.ts';
import { type Env, type RouteContext, toApiError } from './routes/context.ts';
import { registerChat } from './routes/chat.ts';
import { registerInfer } from './routes/infer.ts';
import { registerRuns } from './routes/runs.ts';
import { registerScan } from './routes/scan.ts';
import { RunManager } from './runs/run-manager.ts';

export interface PrivlensApp {
  app: OpenAPIHono<Env>;
  /** The app's hosted runs (resume after start-up, graceful stop). */
  runs: RunManager;
  limits: Limits;
}

const systemClock: Clock = { now: () => Date.now() };

/** The HTTP API over the packages; `startServer` (or any fetch-based host) serves `app.fetch`. */
export function createApp(deps: ServerDeps): PrivlensApp {
  const limits: Limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? jsonLogger();
  const runs = new RunManager(deps.store, deps.services, logger);
  const ctx: RouteContext = {
    services: deps.services,
    runs,
    limits,
    clock,
    logger,
    chatDefense: deps.chatDefense ?? 'policy-guard',
  };

  const app = new OpenAPIHono<Env>({
    // Validation failures name the field: `messages.0.role: Invalid option…` with `param` set to the path.
    defaultHook: (result, c) => {
      if (!result.success) return sendError(c, issueError(result.error.issues, result.target));
    },
  });

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    // Path only: query strings and bodies can carry what must not be logged.
    logger.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      token: c.get('tokenId') ?? null,
    });
  });
  app.use('/v1/*', bearerAuth(deps.tokens));
  app.use('/v1/*', rateLimit({ perMinute: limits.ratePerMinute, burst: limits.rateBurst, clock }));

  registerScan(app, ctx);
  registerInfer(app, ctx);
  registerRuns(app, ctx);
  registerChat(app, ctx);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'privlens',
      version: '0.1.0',
      description:
        'Privacy-risk scanning, attribute inference, benchmark runs and a defended OpenAI-compatible endpoint.',
    },
  });
  app.get('/healthz', (c) => c.json({ ok: true }));

  app.notFound((c) =>
    sendError(c, new ApiError(404, 'not_found_error', `no route ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error, c) => {
    if (error instanceof HTTPException && !(error instanceof ApiError)) {
      // Hono's own 400s (malformed JSON, unreadable form data) keep their status and say it was the body.
      const status = error.status === 400 ? 400 : error.status;
      return sendError(
        c,
        new ApiError(status as 400, 'invalid_request_error', `(body): ${error.message}`, '(body)'),
      );
    }
    const api = toApiError(error);
    if (api.status >= 500)
      logger.error('request failed', {
        requestId: c.get('requestId'),
        path: c.req.path,
        status: api.status,
        error: api.message,
      });
    return sendError(c, api);
  });

  return { app, runs, limits };
}
