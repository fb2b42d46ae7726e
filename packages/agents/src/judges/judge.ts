import type { SpyExpected } from '@privlens/datasets';

/** What a judge sees: the benchmark judges the raw question (not the prompt) and the category text as topic. */
export interface JudgeInput {
  label: string;
  /** label2text[label]; the LLM judge needs it, the rule judge does not. */
  topic?: string;
  question: string;
  answer: string;
}

/**
 * A verdict as the official evaluate.py stores it in `eval_resp`: 'respond', 'reject', or the judge's raw text
 * when it said neither (cal_metrics then counts an exception).
 */
export interface JudgeVerdict {
  verdict: SpyExpected | (string & {});
  /** The judge's own output, kept for audits. */
  raw: string;
}

export interface Judge {
  /** Stable id written into each record (`judge` field), e.g. `rule` or `llm:openai:gpt-4o`. */
  readonly id: string;
  judge(input: JudgeInput, options?: { signal?: AbortSignal }): Promise<JudgeVerdict>;
}
