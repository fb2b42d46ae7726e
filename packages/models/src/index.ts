export {
  type BatchJobState,
  type BatchJobStatus,
  type BatchRequest,
  type BatchRunner,
  type BatchRunnerOptions,
  createBatchRunner,
} from './batch.ts';
export { cacheKey, canonicalRequest } from './cache-key.ts';
export { type CreateModelOptions, createModel, usageByModel } from './create-model.ts';
export * from './errors.ts';
export {
  AdaptiveLimiter,
  type LimiterOptions,
  type LimiterSnapshot,
  limiterFor,
  resetLimiters,
} from './limiter.ts';
export { type ParsedModelId, type Provider, parseModelId } from './model-id.ts';
export { costUsd, loadPrices, type Price, PriceTable, priceFor } from './prices.ts';
export { type CacheOption, closeOwnedStores } from './response-cache.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
export * from './types.ts';
export * from './offline/index.ts';
