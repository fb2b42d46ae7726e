import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import { MalformedResponseError } from '../errors.ts';
import type { ProviderAnswer } from './provider.ts';

function textContent(message: AIMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((block) => (block.type === 'text' && 'text' in block ? String(block.text) : ''))
    .join('');
}

export function answerOf(message: AIMessage): ProviderAnswer {
  const usage = message.usage_metadata;
  return {
    text: textContent(message),
    usage: { inputTokens: usage?.input_tokens ?? 0, outputTokens: usage?.output_tokens ?? 0 },
  };
}

/**
 * Structured output through LangChain's withStructuredOutput (json_schema for OpenAI, a forced tool for
 * Anthropic). includeRaw keeps usage; a parse or validation failure becomes a MalformedResponseError.
 */
export async function invokeStructured(
  modelId: string,
  chatModel: BaseChatModel,
  schema: z.ZodType,
  name: string,
  messages: BaseMessage[],
  signal: AbortSignal,
): Promise<ProviderAnswer> {
  const runnable = chatModel.withStructuredOutput(schema as z.ZodType<Record<string, unknown>>, {
    name,
    includeRaw: true,
  });
  let result: { raw: AIMessage; parsed: unknown };
  try {
    result = (await runnable.invoke(messages, { signal })) as { raw: AIMessage; parsed: unknown };
  } catch (error) {
    throw asMalformed(modelId, error) ?? error;
  }
  const { raw, parsed } = result;
  const answer = answerOf(raw);
  const toolArgs = raw.tool_calls?.[0]?.args;
  const text = answer.text || (toolArgs !== undefined ? JSON.stringify(toolArgs) : '');
  // LangChain returns parsed = null when its parser fails; validate ourselves to name the problem.
  const checked = schema.safeParse(parsed ?? toolArgs ?? safeJson(text));
  if (!checked.success) {
    const issues = checked.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new MalformedResponseError(modelId, text, issues);
  }
  return { ...answer, text, parsed: checked.data };
}

/** The JSON value of `text`, or undefined when it is not JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** json_schema mode validates with zod inside LangChain and throws instead of returning parsed = null. */
function asMalformed(modelId: string, error: unknown): MalformedResponseError | undefined {
  const e = error as { name?: string; lc_error_code?: string; llmOutput?: string; message?: string };
  const zodIssues = (error as { issues?: { path: PropertyKey[]; message: string }[] })?.issues;
  if (Array.isArray(zodIssues)) {
    const issues = zodIssues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return new MalformedResponseError(modelId, '', issues || 'answer does not match the schema', error);
  }
  if (e?.name === 'OutputParserException' || e?.lc_error_code === 'OUTPUT_PARSING_FAILURE') {
    return new MalformedResponseError(modelId, e.llmOutput ?? '', e.message ?? 'output did not parse', error);
  }
  return undefined;
}
