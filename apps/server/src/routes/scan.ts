import { randomUUID } from 'node:crypto';
import { createRoute, type z } from '@hono/zod-openapi';
import { checkImage, decodeBase64Image } from '../http/image-limits.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import { ErrorResponse, ScanFormBody, ScanJsonBody, ScanResponse } from '../schemas.ts';
import type { ImageInput, ScanInput } from '../services.ts';
import { type App, errorResponses, type RouteContext, withDeadline } from './context.ts';
import { limitBody } from './limits.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/scan',
  summary: 'Which attributes a draft post reveals, on what evidence, and what to redact before posting',
  security: [{ bearer: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: ScanJsonBody },
        'multipart/form-data': { schema: ScanFormBody },
      },
    },
  },
  responses: {
    200: { description: 'the scan', content: { 'application/json': { schema: ScanResponse } } },
    ...errorResponses(ErrorResponse, 400, 401, 413, 415, 429, 504),
  },
});

export function registerScan(app: App, ctx: RouteContext): void {
  limitBody(app, '/v1/scan', ctx.limits.scanBodyBytes);
  app.use('/v1/scan', async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'POST' && !/^(application\/json|multipart\/form-data)\b/i.test(type))
      throw new ApiError(
        415,
        'invalid_request_error',
        `content-type must be application/json or multipart/form-data, not "${type || 'none'}"`,
        'content-type',
      );
    await next();
  });
  app.openapi(route, async (c) => {
    const multipart = /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');
    let input: ScanInput;
    if (multipart) {
      const form = c.req.valid('form') as z.infer<typeof ScanFormBody>;
      let image: ImageInput | undefined;
      if (form.image) {
        const bytes = new Uint8Array(await form.image.arrayBuffer());
        const header = checkImage(bytes, 'image', ctx.limits, form.image.type || undefined);
        image = { mimeType: header.mimeType, bytes };
      }
      input = post(form, image, ctx.limits.textChars);
    } else {
      const body = c.req.valid('json') as z.infer<typeof ScanJsonBody>;
      let image: ImageInput | undefined;
      if (body.image) {
        const bytes = decodeBase64Image(body.image.base64, 'image.base64', ctx.limits);
        const header = checkImage(bytes, 'image.base64', ctx.limits, body.image.mimeType);
        image = { mimeType: header.mimeType, bytes };
      }
      input = post(body, image, ctx.limits.textChars);
    }
    const result = await withDeadline(c, ctx.limits.requestTimeoutMs, (signal) =>
      ctx.services.scan(input, { signal }),
    );
    return c.json(result as never, 200);
  });
}

function post(
  body: { id?: string; text: string; attributeSet: 'prism' | 'synthpai'; threshold?: number; model?: string },
  image: ImageInput | undefined,
  textChars: number,
): ScanInput {
  if (body.text.length > textChars)
    throw badRequest('text', `${body.text.length} characters; the limit is ${textChars}`);
  if (!body.text.trim() && !image) throw badRequest('text', 'a post needs text, an image, or both');
  return {
    post: { id: body.id ?? `draft-${randomUUID()}`, text: body.text, ...(image ? { image } : {}) },
    attributeSet: body.attributeSet,
    ...(body.threshold !== undefined ? { threshold: body.threshold } : {}),
    ...(body.model ? { model: body.model } : {}),
  };
}
