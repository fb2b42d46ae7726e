import type { FakeReply } from './http.ts';

/** A chat request as a scripted fake model sees it, the same for both wire formats. */
export interface FakeChatInput {
  provider: 'openai' | 'anthropic';
  model: string;
  system: string;
  /** Text of every user turn, joined with newlines. */
  text: string;
  /** Images of every user turn, base64 without a data: prefix. */
  images: { mimeType: string; data: string }[];
  /** Set when structured output was asked for (json_schema response_format or a forced tool). */
  structured?: { name: string; schema: unknown; via: 'json_schema' | 'tool' };
  logprobs: boolean;
  temperature?: number;
  maxTokens?: number;
  /** The parsed request body as sent on the wire. */
  body: Record<string, unknown>;
  /** True when the request came in through a batch endpoint. */
  batch: boolean;
}

/**
 * What a scripted model says: a string is the answer text; `json` is the structured answer (sent as a tool
 * call or JSON content, whichever the request asked for); `reply` replaces the whole HTTP response (errors).
 */
export type FakeAnswer =
  | string
  | {
      text?: string;
      json?: unknown;
      usage?: { inputTokens?: number; outputTokens?: number };
      logprobs?: { token: string; logprob: number }[];
      reply?: FakeReply;
    };

export type FakeAnswerFn = (input: FakeChatInput) => FakeAnswer | Promise<FakeAnswer>;

export const echoAnswer: FakeAnswerFn = (input) => `echo: ${input.text}`;

export function normaliseAnswer(answer: FakeAnswer): Exclude<FakeAnswer, string> {
  return typeof answer === 'string' ? { text: answer } : answer;
}
