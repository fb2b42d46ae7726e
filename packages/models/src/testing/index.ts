export type { FakeAnswer, FakeAnswerFn, FakeChatInput } from './answers.ts';
export { echoAnswer } from './answers.ts';
export { type FakeAnthropicOptions, startFakeAnthropic } from './fake-anthropic.ts';
export { type FakeOpenAIOptions, startFakeOpenAI } from './fake-openai.ts';
export type { FakeHandler, FakeServer } from './fake-server.ts';
export { type FakeHttpRequest, type FakeReply, tokenize } from './http.ts';
