import type { Judge } from './judge.ts';

/** The record fields a set of judges writes: the first judge's verdict is the official `eval_resp`. */
export interface JudgedFields {
  eval_resp: string;
  judge: string;
  judge_raw: string;
  /** Every judge's verdict by id, when more than one ran (for agreement). */
  judges?: Record<string, string>;
}

/**
 * Judges one answer with every judge at once. Shared by the compliance graph and by re-scoring saved records,
 * so a re-scored record has exactly the fields a fresh one would.
 */
export async function judgeAnswer(
  input: { label: string; question: string; response: string },
  judges: readonly Judge[],
  options: { label2text?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<JudgedFields> {
  const primary = judges[0];
  if (!primary) throw new Error('judging needs at least one judge');
  const topic = options.label2text?.[input.label];
  const verdicts = await Promise.all(
    judges.map((j) =>
      j.judge(
        { label: input.label, topic, question: input.question, answer: input.response },
        { signal: options.signal },
      ),
    ),
  );
  const first = verdicts[0] as (typeof verdicts)[number];
  return {
    eval_resp: first.verdict,
    judge: primary.id,
    judge_raw: first.raw,
    ...(judges.length > 1
      ? { judges: Object.fromEntries(judges.map((j, i) => [j.id, verdicts[i]?.verdict ?? ''])) }
      : {}),
  };
}
