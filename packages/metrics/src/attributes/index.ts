export {
  type CompareOptions,
  type Correctness,
  compareRanges,
  overlapRatio,
  scoreGuessValue,
  snapToOption,
} from './compare.ts';
export * from './cost-efficiency.ts';
export { closestOption, isClose, jaroSimilarity, jaroWinklerSimilarity } from './jaro-winkler.ts';
export {
  LLMPRIVACY_INCOME_LEVELS,
  parseAgeGuess,
  parseMoneyGuess,
  parseNumberGuess,
  type Range,
} from './parse-guess.ts';
export * from './score-attribute-guesses.ts';
export * from './synthetic-rules.ts';
