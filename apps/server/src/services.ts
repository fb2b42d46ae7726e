/**
 * What the app asks of the packages, typed here on purpose: the app's TypeScript program never loads
 * @privlens/agents (and with it LangChain's zod augmentations, which clash with @hono/zod-openapi's). The one
 * implementation, `wiring/package-services.ts`, is type-checked on its own against these types
 * (tsconfig.wiring.json) and loaded at run time by `loadPackageServices`.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ImageInput {
  mimeType: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
}

export interface PostInput {
  id: string;
  text: string;
  image?: ImageInput;
}

export interface ScanInput {
  post: PostInput;
  attributeSet: 'prism' | 'synthpai';
  threshold?: number;
  /** A model id; absent means the embedded offline engine. */
  model?: string;
}

export interface InferInput {
  user: { id: string; posts: PostInput[] };
  attributeSet: 'prism' | 'synthpai';
  model?: string;
}

export interface ChatInput {
  /** Upstream model id (`openai:gpt-4o`, `openai-compatible:<url>#<model>`, `offline`, an alias). */
  model: string;
  defense: 'policy-guard' | 'self-moderation' | 'none';
  messages: {
    role: 'system' | 'user' | 'assistant';
    content: string | ({ type: 'text'; text: string } | { type: 'image'; mimeType: string; data: string })[];
  }[];
  temperature?: number;
  maxTokens?: number;
}

export interface ChatOutput {
  text: string;
  modelId: string;
  usage: { inputTokens: number; outputTokens: number };
  /** What the defense decided (refused or answered, and why). */
  defense?: JsonObject;
}

/** A field-level problem found before any work starts. */
export interface InputIssue {
  field: string;
  message: string;
}

export interface RunSpec {
  kind: 'compliance' | 'inference';
  config: JsonObject;
  /** Model id per role, for the run header. */
  models: Record<string, string>;
  /** How many records the run will have when done (samples, users). */
  total: number;
}

export interface RunContext {
  runId: string;
  signal: AbortSignal;
  /** Keys already recorded by an earlier process: not to be computed again. */
  doneKeys: ReadonlySet<string>;
  /** Called once per finished sample/user, key first. */
  record(key: string, record: Json): void;
}

export interface Services {
  scan(input: ScanInput, options: { signal: AbortSignal }): Promise<JsonObject>;
  infer(input: InferInput, options: { signal: AbortSignal }): Promise<JsonObject>;
  chat(input: ChatInput, options: { signal: AbortSignal }): Promise<ChatOutput>;
  /** Validates a run request body (samples, model ids) and returns what the run will be, or the first issue. */
  planRun(body: { kind: string; [key: string]: unknown }): RunSpec | InputIssue;
  /** Runs (or resumes) a planned run; resolves with its final scores. */
  executeRun(spec: Pick<RunSpec, 'kind' | 'config'>, context: RunContext): Promise<Json>;
  /** Scores of the records so far (partial for a running or cancelled run). */
  scoreRecords(kind: string, records: unknown[]): Json;
  close(): Promise<void>;
}

/** Thrown by services for bad input found late (unknown model id, a malformed sample): a 400 naming the field. */
export class ServiceInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceInputError';
  }
}

export interface PackageServicesOptions {
  /** The store runs live in; the response cache of upstream models uses it too unless `cache` is false. */
  store: unknown;
  /** LangGraph checkpointer for runs: `{ kind: 'sqlite', file }` (default beside the store) or `{ kind: 'postgres', url }`. */
  checkpointer?: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string } | { kind: 'memory' };
  /** Which upstream model ids may be used (chat and runs); default: `offline` only. */
  allowModel?: (id: string) => boolean;
  /** Short names for upstream ids (`gpt` → `openai-compatible:http://…#gpt-4o`). */
  aliases?: Record<string, string>;
  /** Options for createModel (apiKey, retries, cache…), passed through. */
  modelOptions?: Record<string, unknown>;
  /** SPY-Bench label2text and scenarios: what the policy guard needs. */
  guard?: { label2text: Record<string, string>; scenarios?: unknown[] };
  /** OCR/faces on scan images (slow); off means text-only perception. */
  images?: boolean;
}

const WIRING = import.meta.url.endsWith('.ts')
  ? './wiring/package-services.ts'
  : './wiring/package-services.js';

/** The real services, over @privlens/agents, models and store. */
export async function loadPackageServices(options: PackageServicesOptions): Promise<Services> {
  const wiring = (await import(new URL(WIRING, import.meta.url).href)) as {
    createPackageServices(o: PackageServicesOptions): Promise<Services>;
  };
  return wiring.createPackageServices(options);
}
