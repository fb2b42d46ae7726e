import { createRoute, type z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { ApiError } from '../http/errors.ts';
import type { RunEvent } from '../runs/run-manager.ts';
import { ErrorResponse, RunBody, RunIdParam, RunView } from '../schemas.ts';
import { type App, errorResponses, type RouteContext, startPlannedRun } from './context.ts';
import { limitBody } from './limits.ts';

const security = [{ bearer: [] }];
const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const startRoute = createRoute({
  method: 'post',
  path: '/v1/runs',
  summary: 'Start a benchmark run (SPY-Bench compliance or attribute inference)',
  security,
  request: { body: { required: true, content: { 'application/json': { schema: RunBody } } } },
  responses: { 202: json(RunView, 'the run, started'), ...errorResponses(ErrorResponse, 400, 401, 413, 429) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}',
  summary: 'Status, progress and scores of a run',
  security,
  request: { params: RunIdParam },
  responses: { 200: json(RunView, 'the run'), ...errorResponses(ErrorResponse, 401, 404) },
});
const cancelRoute = createRoute({
  method: 'delete',
  path: '/v1/runs/{id}',
  summary: 'Cancel a run; its finished results are kept',
  security,
  request: { params: RunIdParam },
  responses: { 200: json(RunView, 'the run, cancelled'), ...errorResponses(ErrorResponse, 401, 404) },
});
const eventsRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}/events',
  summary: 'Progress as Server-Sent Events: `record` per finished sample, then `status`',
  description: 'Reconnect with Last-Event-ID to get only what was recorded since.',
  security,
  request: { params: RunIdParam },
  responses: {
    200: {
      description: 'text/event-stream',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    },
    ...errorResponses(ErrorResponse, 401, 404),
  },
});

const notFound = (id: string) => new ApiError(404, 'not_found_error', `no run "${id}"`, 'id');

export function registerRuns(app: App, ctx: RouteContext): void {
  limitBody(app, '/v1/runs', ctx.limits.runBodyBytes);

  app.openapi(startRoute, (c) => {
    const run = startPlannedRun(c, ctx, c.req.valid('json'));
    return c.json(ctx.runs.view(run.id) as never, 202);
  });

  app.openapi(getRoute, (c) => {
    const { id } = c.req.valid('param');
    const view = ctx.runs.view(id);
    if (!view) throw notFound(id);
    return c.json(view as never, 200);
  });

  app.openapi(cancelRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await ctx.runs.cancel(id))) throw notFound(id);
    return c.json(ctx.runs.view(id) as never, 200);
  });

  app.openapi(eventsRoute, (c) => {
    const { id } = c.req.valid('param');
    const first = ctx.runs.view(id);
    if (!first) throw notFound(id);
    const lastSeen = Number(c.req.header('last-event-id') ?? 0) || 0;
    return streamSSE(c, async (stream) => {
      const queue: RunEvent[] = [];
      let wake: (() => void) | undefined;
      // Subscribe before the replay, so nothing recorded in between is missed; seq removes the overlap.
      const unsubscribe = ctx.runs.subscribe(id, (event) => {
        queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe?.();
        wake?.();
      });
      let seen = lastSeen;
      let done = lastSeen === 0 ? 0 : ctx.runs.entriesAfter(id, 0).filter((e) => e.seq <= lastSeen).length;
      for (const entry of ctx.runs.entriesAfter(id, lastSeen)) {
        done++;
        seen = entry.seq;
        await stream.writeSSE({
          event: 'record',
          id: String(entry.seq),
          data: JSON.stringify({ key: entry.key, done, total: first.total, record: entry.record }),
        });
      }
      if (!unsubscribe) {
        await stream.writeSSE({
          event: 'status',
          data: JSON.stringify({ status: ctx.runs.view(id)?.status }),
        });
        return;
      }
      const heartbeat = setInterval(() => void stream.write(': ping\n\n'), 15_000);
      try {
        while (!stream.aborted) {
          const event = queue.shift();
          if (!event) {
            await new Promise<void>((r) => {
              wake = r;
            });
            continue;
          }
          if (event.type === 'record') {
            if (event.seq <= seen) continue;
            seen = event.seq;
            await stream.writeSSE({
              event: 'record',
              id: String(event.seq),
              data: JSON.stringify({
                key: event.key,
                done: event.done,
                total: event.total,
                record: event.record,
              }),
            });
          } else {
            await stream.writeSSE({ event: 'status', data: JSON.stringify(event) });
            break;
          }
        }
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
  });
}
