export {
  type Entity,
  type EntityKind,
  type EntityOptions,
  extractEntities,
  type PlaceRole,
} from './entities.ts';
export {
  createOfflineEngine,
  type OfflineEngine,
  type OfflineEngineOptions,
  sharedOfflineEngine,
} from './engine.ts';
export type { FaceObservation, FaceOptions } from './faces.ts';
export { type InferOptions, inferFromEvidence, isPriorCandidate } from './infer.ts';
export {
  AttributeGuessList,
  createOfflineModel,
  OFFLINE_MODEL_ID,
  OFFLINE_MODEL_LABEL,
  type OfflineModelOptions,
} from './model.ts';
export type { OcrResult, OcrWord } from './ocr.ts';
