export {
  type EvaluateUnlearningOptions,
  evaluateUnlearning,
  UnlearningRunMismatchError,
} from './evaluate.ts';
export { DEFAULT_FEW_SHOT, type FewShotCounts } from './few-shot.ts';
export { FACTUALITY_SYSTEM, factualityPrompt, judgeFactuality, parseFactuality } from './judge.ts';
export {
  type BenchPrompt,
  classificationPrompt,
  clozePrompt,
  extractAnswer,
  extractOption,
  generationPrompt,
  type PromptFormat,
  toMessages,
} from './prompts.ts';
export { MissingImageError, QuestionDataError } from './questions.ts';
export { JudgeVerdict, LogprobFigures, recordKey, UnlearningRecord } from './record.ts';
export {
  aggregateCells,
  type CellMetric,
  cellScore,
  itemValues,
  type UnlearningCell,
  type UnlearningReport,
  unlearningReportJson,
} from './report.ts';
export type { ProfileSource } from './sources.ts';
export * from './vocabulary.ts';
export {
  type CellDrop,
  type CompareOptions,
  compareUnlearning,
  type ForgetDrop,
  type ModelComparison,
  type NoiseVerdict,
  type UnlearningComparison,
} from './compare.ts';
export { unlearningTable } from './table.ts';
