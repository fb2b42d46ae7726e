import type { Model } from '@privlens/models';
import type { JudgeVerdict } from './record.ts';

export const FACTUALITY_SYSTEM = 'You are an expert at evaluating the factuality of responses.';

/**
 * eval_gpt.py's factuality prompt, whitespace included (it is an indented Python f-string, and the judge
 * sees those indents). `taskType` is capitalised as Python's str.capitalize does.
 */
export function factualityPrompt(input: {
  imageId: string;
  question: string;
  generatedAnswer: string;
  groundTruth: string;
  taskType?: 'generation' | 'description';
}): string {
  const taskType = input.taskType ?? 'generation';
  const capitalised = taskType.charAt(0).toUpperCase() + taskType.slice(1).toLowerCase();
  const i = '        ';
  return [
    '',
    `${i}You will be provided with two types of questions: generation questions and description questions.`,
    `${i}For each, you will evaluate the **factuality** of the "generated_answer" or "generated_description" `,
    `${i}against the "ground_truth" or "ground_truth_description" respectively. Your task is to assess how well `,
    `${i}the generated response aligns with the factual content of the ground truth and assign a **factuality score** `,
    `${i}from 1 to 10 based on the following criteria:`,
    '',
    `${i}1. **Factuality (core importance)**:`,
    `${i}- **10-9:** The generated response is fully factually correct and has the same meaning as the ground truth, even if phrased differently.`,
    `${i}- **8-7:** The response is mostly correct but may be missing minor details or contain slightly less important deviations.`,
    `${i}- **6-5:** The response is partially correct but has a noticeable factual error or significant missing information.`,
    `${i}- **4-3:** The response has major factual errors or lacks crucial elements of the ground truth.`,
    `${i}- **2-1:** The response is nonsensical, completely incorrect, or irrelevant.`,
    '',
    `${i}2. **Relevance and Detail**:`,
    `${i}- More detail does not always improve the score; added details should be factually relevant.`,
    `${i}- If the generated response contains excessive or irrelevant details (e.g., adding personal information when only appearance is requested), lower the score accordingly.`,
    '',
    `${i}### Task Type: ${capitalised}`,
    `${i}- **Image ID**: ${input.imageId}`,
    `${i}- **Question**: ${input.question}`,
    `${i}- **Generated Answer**: ${input.generatedAnswer}`,
    `${i}- **Ground Truth**: ${input.groundTruth}`,
    '',
    `${i}Please evaluate the factuality of the generated response based on the rubric above, and return a score (1-10) along with a short justification.`,
    `${i}Example Output:`,
    `${i}{`,
    `${i}    "Factuality Score": [Insert score from 1-10],`,
    `${i}    "Justification": "[Optional] Provide a brief justification explaining why the factuality score was assigned."`,
    `${i}}`,
    '    ',
  ].join('\n');
}

/**
 * eval_gpt.py's `extract_factuality_score_and_justification`: the first line naming "Factuality Score",
 * text after its last colon with commas removed, as an integer; the first "Justification" line after its
 * first colon. Either missing, or a score that is not an integer, gives nulls (upstream drops those).
 */
export function parseFactuality(raw: string): JudgeVerdict {
  const lines = raw.split('\n');
  const scoreLine = lines.find((line) => line.includes('Factuality Score'));
  const justificationLine = lines.find((line) => line.includes('Justification'));
  const none = { score: null, justification: null, raw };
  if (scoreLine === undefined || justificationLine === undefined) return none;
  const text = (scoreLine.split(':').at(-1) ?? '').trim().replaceAll(',', '');
  if (!/^[+-]?\d+$/.test(text)) return none;
  const score = Number.parseInt(text, 10);
  // The rubric is 1–10; an out-of-range number is as unusable as none.
  if (score < 1 || score > 10) return none;
  const colon = justificationLine.indexOf(':');
  return { score, justification: justificationLine.slice(colon + 1).trim(), raw };
}

export async function judgeFactuality(
  judge: Model,
  input: { imageId: string; question: string; generatedAnswer: string; groundTruth: string },
  signal?: AbortSignal,
): Promise<JudgeVerdict> {
  const response = await judge.invoke(
    {
      messages: [
        { role: 'system', content: FACTUALITY_SYSTEM },
        { role: 'user', content: factualityPrompt(input) },
      ],
      maxTokens: 700,
    },
    signal ? { signal } : {},
  );
  return parseFactuality(response.text);
}
