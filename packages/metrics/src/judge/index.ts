export {
  classifyResponse,
  type EvidenceSpan,
  type ResponseVerdict,
  splitSentences,
} from './classify-response.ts';
export type { RuleName } from './patterns.ts';
