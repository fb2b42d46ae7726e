import { createRoute } from '@hono/zod-openapi';
import { checkImage, decodeBase64Image } from '../http/image-limits.ts';
import { ErrorResponse, InferBody, InferResponse, JobAccepted } from '../schemas.ts';
import type { PostInput } from '../services.ts';
import { type App, errorResponses, type RouteContext, startPlannedRun, withDeadline } from './context.ts';
import { limitBody } from './limits.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/infer',
  summary: "Profile-level attribute predictions from a user's posts (a job for large inputs)",
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: InferBody } } } },
  responses: {
    200: {
      description: 'predictions (small inputs)',
      content: { 'application/json': { schema: InferResponse } },
    },
    202: {
      description: 'a job: follow /v1/runs/{id} and /v1/runs/{id}/events',
      content: { 'application/json': { schema: JobAccepted } },
    },
    ...errorResponses(ErrorResponse, 400, 401, 413, 429, 504),
  },
});

export function registerInfer(app: App, ctx: RouteContext): void {
  limitBody(app, '/v1/infer', ctx.limits.runBodyBytes);
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    // Every image is checked up front, for the job as for the sync answer.
    const posts: PostInput[] = body.user.posts.map((p, i) => {
      if (!p.image) return { id: p.id, text: p.text };
      const field = `user.posts.${i}.image.base64`;
      const bytes = decodeBase64Image(p.image.base64, field, ctx.limits);
      const header = checkImage(bytes, field, ctx.limits, p.image.mimeType);
      return { id: p.id, text: p.text, image: { mimeType: header.mimeType, bytes } };
    });
    if (posts.length <= ctx.limits.syncInferPosts) {
      const result = await withDeadline(c, ctx.limits.requestTimeoutMs, (signal) =>
        ctx.services.infer(
          {
            user: { id: body.user.id, posts },
            attributeSet: body.attributeSet,
            ...(body.model ? { model: body.model } : {}),
          },
          { signal },
        ),
      );
      return c.json(result as never, 200);
    }
    const run = startPlannedRun(c, ctx, {
      kind: 'inference',
      attributeSet: body.attributeSet,
      ...(body.model ? { model: body.model } : {}),
      users: [body.user],
    });
    return c.json({ id: run.id, status: run.status, href: `/v1/runs/${run.id}` }, 202);
  });
}
