export type { CardSpec } from './cards.ts';
export type { GenerateUserInput, GeneratorEngine } from './engine.ts';
export { type GenerateUsersOptions, generateUsers } from './generate-users.ts';
export { defaultLexicon, type GeneratorLexicon } from './lexicon.ts';
export { type LifeEvent, type OfflineGeneratorOptions, offlineGenerator } from './offline-engine.ts';
export {
  defaultGeneratorPrior,
  type GeneratorPrior,
  GeneratorPriorError,
  loadGeneratorPrior,
  type PriorIssue,
  parseGeneratorPrior,
} from './prior.ts';
export { IMAGE_HEIGHT, IMAGE_WIDTH, MIN_FONT_PX, renderCard } from './render.ts';
export { createRng, type Rng } from './rng.ts';
export type { GeneratedProfile, ProfileDetails } from './sample-profile.ts';
export {
  LlmCaptions,
  LlmEvents,
  type LlmGeneratorOptions,
  LlmPosts,
  LlmTopics,
  llmGenerator,
} from './llm-engine.ts';
