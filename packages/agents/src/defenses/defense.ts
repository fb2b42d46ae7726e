import type { ChatResponse, Model } from '@privlens/models';

/** A training-free defense: any model in, a defended model out, evaluated by the same compliance graph. */
export type Defense = (model: Model) => Model;

/** What a defense did for one request; records carry it so a run can be audited. */
export interface DefenseTrace {
  defense: string;
  [key: string]: unknown;
}

export type DefendedResponse<T = unknown> = ChatResponse<T> & { defense?: DefenseTrace };

export function defenseTraceOf(response: ChatResponse): DefenseTrace | undefined {
  return (response as DefendedResponse).defense;
}

/** Sums what several calls cost, so a defended answer reports the whole price of its extra turns. */
export function combineResponses<T>(responses: ChatResponse<T>[], final: ChatResponse<T>): ChatResponse<T> {
  return {
    ...final,
    usage: {
      inputTokens: responses.reduce((s, r) => s + r.usage.inputTokens, 0),
      outputTokens: responses.reduce((s, r) => s + r.usage.outputTokens, 0),
    },
    costUsd: responses.reduce((s, r) => s + r.costUsd, 0),
    latencyMs: responses.reduce((s, r) => s + r.latencyMs, 0),
    cached: responses.every((r) => r.cached),
  };
}
