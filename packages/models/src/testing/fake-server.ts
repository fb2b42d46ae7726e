import { type FakeAnswerFn, type FakeChatInput, echoAnswer } from './answers.ts';
import { countTokens, type FakeHttpRequest, type FakeReply, startHttpServer } from './http.ts';

export type FakeHandler = (
  request: FakeHttpRequest,
) => FakeReply | undefined | Promise<FakeReply | undefined>;

export interface FakeServer {
  /** What the provider's SDK takes as baseURL: `…/v1` for OpenAI, the bare origin for Anthropic. */
  readonly baseURL: string;
  readonly origin: string;
  readonly port: number;
  readonly requests: FakeHttpRequest[];
  /** Requests per path, e.g. counts['/v1/chat/completions']. */
  readonly counts: Record<string, number>;
  setAnswer(answer: FakeAnswerFn): void;
  setHandler(handler: FakeHandler | undefined): void;
  close(): Promise<void>;
}

/**
 * What both fakes do around their own routes: record and count every request, let a scripted handler take
 * over, and keep the answer function swappable while the server runs.
 */
export async function startFakeServer(
  options: { answer?: FakeAnswerFn; handler?: FakeHandler; record?: boolean },
  route: (request: FakeHttpRequest, answer: FakeAnswerFn, origin: string) => Promise<FakeReply>,
  baseURL: (origin: string) => string,
): Promise<FakeServer> {
  let answer = options.answer ?? echoAnswer;
  let handler = options.handler;
  const record = options.record ?? true;
  const requests: FakeHttpRequest[] = [];
  const counts: Record<string, number> = {};
  let origin = '';
  const running = await startHttpServer(async (request) => {
    if (record) requests.push(request);
    counts[request.path] = (counts[request.path] ?? 0) + 1;
    const scripted = await handler?.(request);
    if (scripted) return scripted;
    return route(request, answer, origin);
  });
  origin = running.origin;
  return {
    baseURL: baseURL(running.origin),
    origin: running.origin,
    port: running.port,
    requests,
    counts,
    setAnswer(next) {
      answer = next;
    },
    setHandler(next) {
      handler = next;
    },
    close: running.close,
  };
}

/** Prompt tokens both fakes report when the script gives none: text at 4 characters a token, 85 per image. */
export function promptTokens(input: FakeChatInput): number {
  return countTokens(`${input.system}${input.text}`) + 85 * input.images.length;
}
