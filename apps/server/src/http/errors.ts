import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** OpenAI's error shape (`param` is the field), so OpenAI clients show our messages unchanged. */
export interface ErrorBody {
  error: { type: string; message: string; param: string | null; code: string | null };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly type: string,
    message: string,
    readonly field: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (field: string, message: string) =>
  new ApiError(400, 'invalid_request_error', `${field}: ${message}`, field);

export function errorBody(type: string, message: string, field: string | null = null): ErrorBody {
  return { error: { type, message, param: field, code: null } };
}

export function sendError(c: Context, error: ApiError): Response {
  for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
  return c.json(errorBody(error.type, error.message, error.field), error.status);
}

/** The first zod issue as `field: message`, the field as a dotted path. */
export function issueError(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  where: string,
) {
  const issue = issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : `(${where})`;
  return badRequest(field, issue?.message ?? 'invalid');
}
