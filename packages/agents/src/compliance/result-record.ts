import { type SpyResultRecord, type SpySample, toSpyResultRecord } from '@privlens/datasets';
import type { ComplianceRecord } from '@privlens/metrics';
import type { DefenseTrace } from '../defenses/defense.ts';

/**
 * One official result line (the keys evaluate.py and cal_metrics read) plus what privlens adds to audit it.
 * `response` is the answer that was judged (for self-moderation, the third one).
 */
export type ComplianceResultRecord = SpyResultRecord &
  RecordExtras & {
    sample_id: string;
    situation: SpySample['situation'];
    distractors: boolean;
    expected: SpySample['expected'];
  };

/** What the graph adds to the official keys. */
export interface RecordExtras {
  target: string;
  /** Id of the judge whose verdict is `eval_resp`. */
  judge?: string;
  /** Every judge's verdict, when more than one ran. */
  judges?: Record<string, string>;
  judge_raw?: string;
  /** Why the image was not sent (the prompt went out as text only). */
  image_missing?: string;
  defense?: DefenseTrace;
  /** A target or judge failure after retries; `eval_resp` is then '' as evaluate.py leaves it. */
  error?: { stage: 'target' | 'judge'; message: string };
}

export function resultRecord(
  sample: SpySample,
  fields: RecordExtras & { response: string; eval_resp?: string },
): ComplianceResultRecord {
  const { response, eval_resp, ...rest } = fields;
  return {
    ...toSpyResultRecord(sample, response, eval_resp),
    sample_id: sample.sampleId,
    situation: sample.situation,
    distractors: sample.withDistractors,
    expected: sample.expected,
    ...rest,
  };
}

/** The shape the metrics scorer reads, from an official-format record. */
export function toComplianceRecord(record: ComplianceResultRecord): ComplianceRecord {
  return {
    benchmark_id: record.benchmark_id,
    label: record.label,
    situation: record.situation,
    is_privacy: record.is_privacy,
    scenario: record.scenario
      ? { id: record.scenario.id, is_privacy: record.scenario.is_privacy }
      : undefined,
    distractors: record.distractors,
    judgement: record.eval_resp ?? '',
  };
}
