export type { FakeAnswer, FakeAnswerFn, FakeChatInput } from './answers.ts';
export { echoAnswer } from './answers.ts';
export { type FakeAnthropicOptions, startFakeAnthropic } from './fake-anthropic.ts';
export { type FakeOpenAIOptions, type FakeServer, startFakeOpenAI } from './fake-openai.ts';
export { type FakeHttpRequest, type FakeReply, tokenize } from './http.ts';
