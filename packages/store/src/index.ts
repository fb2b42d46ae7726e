export type { BatchJob, BatchStore } from './batches.ts';
export type { CacheEntry, ResponseCache } from './cache.ts';
export { defaultStoreFile, openStore, type Store, StoreOpenError } from './open-store.ts';
export {
  type Run,
  RunHeader,
  type RunRecordEntry,
  RunStatus,
  type RunStore,
  UnknownRunError,
} from './runs.ts';
