import { classifyResponse } from '@privlens/metrics';
import type { Judge } from './judge.ts';

/** The offline judge: the metrics package's respond/reject rules, no model call. */
export const ruleJudge: Judge = {
  id: 'rule',
  async judge(input) {
    const { label } = classifyResponse(input.answer);
    return { verdict: label, raw: label };
  },
};
