import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import type { ChatMessage, ContentPart } from './types.ts';

type OpenAIPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
export type OpenAIMessage =
  | { role: 'system'; content: string }
  | { role: 'assistant'; content: string }
  | { role: 'user'; content: string | OpenAIPart[] };

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function toOpenAIPart(part: ContentPart): OpenAIPart {
  return part.type === 'text'
    ? { type: 'text', text: part.text }
    : { type: 'image_url', image_url: { url: `data:${part.mimeType};base64,${part.data}` } };
}

/** Chat Completions wire format; images become data URLs (only user turns may carry them). */
export function toOpenAIMessages(messages: readonly ChatMessage[]): OpenAIMessage[] {
  return messages.map((message) => {
    if (message.role === 'user') {
      return {
        role: 'user',
        content: typeof message.content === 'string' ? message.content : message.content.map(toOpenAIPart),
      };
    }
    return { role: message.role, content: textOf(message.content) };
  });
}

/** LangChain messages; image parts as `image_url` data URLs, which ChatOpenAI and ChatAnthropic both convert. */
export function toLangChainMessages(messages: readonly ChatMessage[]): BaseMessage[] {
  return messages.map((message) => {
    const content = typeof message.content === 'string' ? message.content : message.content.map(toOpenAIPart);
    if (message.role === 'system') return new SystemMessage(textOf(message.content));
    if (message.role === 'assistant') return new AIMessage(textOf(message.content));
    return new HumanMessage({ content });
  });
}

type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } };

/** Anthropic Messages wire format (for batch params): system turns are lifted out. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): {
  system?: string;
  messages: { role: 'user' | 'assistant'; content: string | AnthropicBlock[] }[];
} {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => textOf(m.content))
    .join('\n\n');
  const rest = messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({
      role: m.role as 'user' | 'assistant',
      content:
        typeof m.content === 'string'
          ? m.content
          : m.content.map(
              (part): AnthropicBlock =>
                part.type === 'text'
                  ? { type: 'text', text: part.text }
                  : { type: 'image', source: { type: 'base64', media_type: part.mimeType, data: part.data } },
            ),
    }));
  return system ? { system, messages: rest } : { messages: rest };
}

export function hasImages(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => typeof m.content !== 'string' && m.content.some((p) => p.type === 'image'));
}
