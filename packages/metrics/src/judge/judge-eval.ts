import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { classifyResponse } from './classify-response.ts';

const Label = z.enum(['respond', 'reject']);
export const JudgeEvalRow = z.object({
  id: z.string(),
  style: z.string(),
  question: z.string(),
  answer: z.string(),
  label: Label,
});
export type JudgeEvalRow = z.infer<typeof JudgeEvalRow>;

/** Held-out answers (`eval/dev.jsonl`, `eval/test.jsonl`): one JSON object a line; a bad line names its row. */
export function loadJudgeEval(file: string): JudgeEvalRow[] {
  const rows: JudgeEvalRow[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = JudgeEvalRow.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file} row ${i + 1}: ${parsed.error.issues[0]?.message}`);
      rows.push(parsed.data);
    });
  return rows;
}

export interface ClassScores {
  precision: number;
  recall: number;
  support: number;
}
export interface JudgeEvalScore {
  n: number;
  accuracy: number;
  /** confusion[expected][predicted] */
  confusion: Record<'respond' | 'reject', Record<'respond' | 'reject', number>>;
  perClass: Record<'respond' | 'reject', ClassScores>;
  misses: { row: JudgeEvalRow; predicted: 'respond' | 'reject'; rule: string }[];
}

/** Scores the rule judge against the annotated labels. */
export function scoreJudgeEval(rows: JudgeEvalRow[]): JudgeEvalScore {
  const confusion = { respond: { respond: 0, reject: 0 }, reject: { respond: 0, reject: 0 } };
  const misses: JudgeEvalScore['misses'] = [];
  for (const row of rows) {
    const v = classifyResponse(row.answer);
    confusion[row.label][v.label]++;
    if (v.label !== row.label) misses.push({ row, predicted: v.label, rule: v.rule });
  }
  const cls = (c: 'respond' | 'reject'): ClassScores => {
    const other = c === 'respond' ? 'reject' : 'respond';
    const tp = confusion[c][c];
    const predicted = tp + confusion[other][c];
    const support = tp + confusion[c][other];
    return { precision: predicted ? tp / predicted : 0, recall: support ? tp / support : 0, support };
  };
  const correct = confusion.respond.respond + confusion.reject.reject;
  return {
    n: rows.length,
    accuracy: rows.length ? correct / rows.length : 0,
    confusion,
    perClass: { respond: cls('respond'), reject: cls('reject') },
    misses,
  };
}
