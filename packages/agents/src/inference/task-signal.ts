import { getMaxListeners, setMaxListeners } from 'node:events';

/**
 * The signal one graph task hands its model calls. LangGraph (1.7.3) gives every task of a step one shared
 * signal; each request listening on it directly would add a listener per request in flight. A dependant of
 * AbortSignal.any is not a listener on its source, so the calls' listeners stay on the task's own signal.
 */
export function taskSignal(shared: AbortSignal | undefined): AbortSignal | undefined {
  return shared ? AbortSignal.any([shared]) : undefined;
}

/**
 * LangGraph itself races each running task against the shared step signal: one listener per task in flight,
 * removed when the task ends (langgraphjs#1014). That is bounded by the step's concurrency, not a leak, so
 * this one signal's limit is set to that bound plus LangGraph's own few, never the process-wide default.
 */
export function allowTaskListeners(shared: AbortSignal | undefined, tasks: number): void {
  if (shared && getMaxListeners(shared) < tasks + 4) setMaxListeners(tasks + 4, shared);
}

/**
 * The maxConcurrency to give LangGraph for `concurrency` tasks at once: never 1, which (1.7.3) silently drops
 * every Send task of a step after the first (langgraphjs#2656). Callers that need exactly 1 bound it themselves.
 */
export function graphConcurrency(concurrency: number): number {
  return Math.max(2, concurrency);
}
