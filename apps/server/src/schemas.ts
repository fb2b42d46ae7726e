import { z } from '@hono/zod-openapi';

/** The API's own request and response shapes; the OpenAPI document is generated from these. */

export const ErrorResponse = z
  .object({
    error: z.object({
      type: z.string().openapi({ example: 'invalid_request_error' }),
      message: z.string().openapi({ example: 'image.base64: not valid base64' }),
      param: z.string().nullable().openapi({ description: 'The offending field, as a dotted path.' }),
      code: z.string().nullable(),
    }),
  })
  .openapi('Error');

const AttributeSetName = z.enum(['prism', 'synthpai']).default('prism');

export const Base64Image = z
  .object({
    mimeType: z.enum(['image/png', 'image/jpeg']),
    base64: z.string().min(1).openapi({ description: 'Image bytes, base64 (no data: prefix).' }),
  })
  .openapi('Base64Image');

export const ScanJsonBody = z
  .object({
    id: z.string().min(1).max(200).optional(),
    text: z.string().default(''),
    image: Base64Image.optional(),
    attributeSet: AttributeSetName,
    threshold: z.number().min(0).max(1).optional(),
    model: z.string().min(1).optional().openapi({ description: 'Model id; default: the offline engine.' }),
  })
  .openapi('ScanRequest');

export const ScanFormBody = z.object({
  id: z.string().min(1).max(200).optional(),
  text: z.string().default(''),
  image: z.instanceof(File).optional().openapi({ type: 'string', format: 'binary' }),
  attributeSet: AttributeSetName,
  threshold: z.coerce.number().min(0).max(1).optional(),
  model: z.string().min(1).optional(),
});

const Evidence = z.looseObject({
  id: z.string(),
  postId: z.string(),
  source: z.string(),
  kind: z.string(),
  value: z.string(),
  confidence: z.number(),
});
const Candidate = z.looseObject({
  value: z.string(),
  confidence: z.number(),
  evidenceIds: z.array(z.string()),
});
const Redaction = z.looseObject({ type: z.enum(['text', 'image']), evidenceIds: z.array(z.string()) });

export const ScanResponse = z
  .object({
    postId: z.string(),
    risks: z.array(
      z.object({
        attribute: z.string(),
        label: z.string(),
        confidence: z.number(),
        candidates: z.array(Candidate),
        evidence: z.array(Evidence),
        redactions: z.array(Redaction),
      }),
    ),
    redactions: z.array(Redaction),
    redactedText: z.string(),
    failures: z.array(z.looseObject({})),
    usage: z.looseObject({}),
  })
  .openapi('ScanResult');

const PostBody = z.object({
  id: z.string().min(1).max(200),
  text: z.string().default(''),
  image: Base64Image.optional(),
});

export const InferBody = z
  .object({
    user: z.object({ id: z.string().min(1).max(200), posts: z.array(PostBody).min(1).max(2000) }),
    attributeSet: AttributeSetName,
    model: z.string().min(1).optional(),
  })
  .openapi('InferRequest');

export const InferResponse = z
  .looseObject({
    userId: z.string(),
    status: z.string(),
    guesses: z.array(z.looseObject({ attribute: z.string(), candidates: z.array(Candidate) })),
    evidence: z.array(Evidence),
  })
  .openapi('Inference');

export const RunBody = z
  .looseObject({
    kind: z.enum(['compliance', 'inference']).openapi({
      description:
        'compliance: SPY-Bench samples against `target` (with `judge`, `defense`); inference: `users` through the attribute-inference graph.',
    }),
    target: z.string().optional(),
    judge: z.string().optional().openapi({ description: '`rule` (offline, default) or a model id.' }),
    defense: z.enum(['policy-guard', 'self-moderation', 'none']).optional(),
    concurrency: z.number().int().min(1).max(64).optional(),
    samples: z
      .array(z.looseObject({}))
      .optional()
      .openapi({ description: 'SpySample records (@privlens/datasets).' }),
    users: z.array(z.looseObject({})).optional(),
    model: z.string().optional(),
    attributeSet: z.enum(['prism', 'synthpai']).optional(),
  })
  .openapi('RunRequest');

export const RunView = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.string().openapi({
      description:
        'running, done, failed, cancelled (interrupted: stopped by a shutdown, resumes on restart)',
    }),
    models: z.record(z.string(), z.string()),
    total: z.number(),
    done: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    scores: z.unknown(),
    summary: z.unknown().optional(),
    error: z.string().optional(),
  })
  .openapi('Run');

export const RunIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const JobAccepted = z
  .object({ id: z.string(), status: z.string(), href: z.string() })
  .openapi('JobAccepted');

const ChatContentPart = z.union([
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({
    type: z.literal('image_url'),
    image_url: z.looseObject({
      url: z.string().openapi({ description: 'data:image/png;base64,… (no remote URLs)' }),
    }),
  }),
]);

export const ChatBody = z
  .looseObject({
    model: z.string().min(1).openapi({
      description:
        'Upstream model id or alias; append +policy-guard, +self-moderation or +none to pick the defense.',
    }),
    messages: z
      .array(
        z.looseObject({
          role: z.enum(['system', 'developer', 'user', 'assistant']),
          content: z.union([z.string(), z.array(ChatContentPart)]),
        }),
      )
      .min(1),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().min(1).optional(),
    max_completion_tokens: z.number().int().min(1).optional(),
    stream: z.boolean().optional(),
  })
  .openapi('ChatCompletionRequest');

export const ChatCompletion = z
  .looseObject({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number(),
        message: z.object({ role: z.literal('assistant'), content: z.string() }),
        finish_reason: z.string(),
      }),
    ),
    usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }),
  })
  .openapi('ChatCompletion');
