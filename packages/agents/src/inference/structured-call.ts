import { type ChatMessage, MalformedResponseError, type Model } from '@privlens/models';
import type { z } from 'zod';
import { type UsageTotals, ZERO_USAGE, addUsage } from './state.ts';

export type StructuredOutcome<T> =
  | { ok: true; value: T; attempts: number; usage: UsageTotals }
  | { ok: false; error: string; attempts: number; usage: UsageTotals };

/** Thrown answers that are not worth a node retry: the model answered, just not in the schema. */
export class MalformedAnswerError extends Error {
  override name = 'MalformedAnswerError';
}

function parseAnswer<T>(schema: z.ZodType<T>, parsed: unknown, text: string): T {
  let candidate = parsed;
  if (candidate === undefined) {
    // Some endpoints put the JSON in the text, sometimes fenced.
    const body = text.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, '');
    try {
      candidate = JSON.parse(body);
    } catch {
      throw new MalformedAnswerError(`answer is not JSON: ${text.slice(0, 120)}`);
    }
  }
  const result = schema.safeParse(candidate);
  if (!result.success)
    throw new MalformedAnswerError(
      `answer does not match the schema: ${result.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  return result.data;
}

/**
 * Asks for structured output and validates it with zod. A malformed answer is asked again with a new
 * `epoch` (so the response cache does not hand back the same bad answer); after `maxAttempts` the
 * outcome is a failure the caller records. Transport errors are thrown, for the node's retry policy.
 */
export async function invokeStructured<T>(
  model: Model,
  request: { messages: ChatMessage[]; schema: z.ZodType<T>; schemaName: string; maxTokens?: number },
  options: { maxAttempts: number; signal?: AbortSignal },
): Promise<StructuredOutcome<T>> {
  let usage = { ...ZERO_USAGE };
  let lastError = '';
  for (let attempt = 0; attempt < options.maxAttempts; attempt++) {
    let response: Awaited<ReturnType<Model['invoke']>>;
    try {
      response = await model.invoke(
        { ...request, temperature: 0, epoch: attempt === 0 ? undefined : attempt },
        { signal: options.signal },
      );
    } catch (error) {
      // @privlens/models raises MalformedResponseError for an answer that fails its schema or does not parse.
      if (error instanceof MalformedResponseError) {
        usage = addUsage(usage, { ...ZERO_USAGE, calls: 1 });
        lastError = (error as Error).message;
        continue;
      }
      throw error;
    }
    usage = addUsage(usage, {
      calls: 1,
      cachedCalls: response.cached ? 1 : 0,
      inputTokens: response.usage.inputTokens,
      outputTokens: response.usage.outputTokens,
      costUsd: response.costUsd,
    });
    try {
      return {
        ok: true,
        value: parseAnswer(request.schema, response.parsed, response.text),
        attempts: attempt + 1,
        usage,
      };
    } catch (error) {
      lastError = (error as Error).message;
    }
  }
  return { ok: false, error: lastError, attempts: options.maxAttempts, usage };
}
