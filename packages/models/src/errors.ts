/** Base of every error privlens raises for a model call; `retryable` says whether trying again may help. */
export class ModelError extends Error {
  readonly modelId: string;
  readonly retryable: boolean;
  constructor(modelId: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ModelError';
    this.modelId = modelId;
    this.retryable = options.retryable ?? false;
  }
}

export class InvalidModelIdError extends ModelError {
  constructor(id: string, why: string) {
    super(
      id,
      `invalid model id "${id}": ${why}. Use openai:<model>, anthropic:<model>, openai-compatible:<baseURL>#<model> or offline`,
    );
    this.name = 'InvalidModelIdError';
  }
}

export class MissingApiKeyError extends ModelError {
  readonly variable: string;
  constructor(modelId: string, variable: string) {
    super(modelId, `model "${modelId}" needs an API key: set the environment variable ${variable}`);
    this.name = 'MissingApiKeyError';
    this.variable = variable;
  }
}

/** The provider answered with an HTTP error, or the connection failed. */
export class ProviderError extends ModelError {
  readonly status?: number;
  /** Milliseconds the provider asked us to wait (Retry-After / retry-after-ms). */
  readonly retryAfterMs?: number;
  constructor(
    modelId: string,
    message: string,
    options: { status?: number; retryAfterMs?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(modelId, message, options);
    this.name = 'ProviderError';
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

export class ModelTimeoutError extends ModelError {
  readonly timeoutMs: number;
  constructor(modelId: string, timeoutMs: number) {
    super(modelId, `model "${modelId}" did not answer within ${timeoutMs} ms`, { retryable: true });
    this.name = 'ModelTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** The model answered, but not in the requested shape. Not retried here: the caller decides (e.g. re-ask). */
export class MalformedResponseError extends ModelError {
  readonly text: string;
  readonly issues: string;
  constructor(modelId: string, text: string, issues: string, cause?: unknown) {
    super(modelId, `model "${modelId}" gave a malformed answer: ${issues}`, { retryable: true, cause });
    this.name = 'MalformedResponseError';
    this.text = text;
    this.issues = issues;
  }
}

export class UnsupportedFeatureError extends ModelError {
  constructor(modelId: string, feature: string, hint = '') {
    super(modelId, `model "${modelId}" does not support ${feature}${hint ? `: ${hint}` : ''}`);
    this.name = 'UnsupportedFeatureError';
  }
}
