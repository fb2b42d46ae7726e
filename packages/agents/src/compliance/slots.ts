/**
 * A counting semaphore: at most `size` holders at once, the rest wait in arrival order. The compliance graph
 * bounds its samples with this rather than with LangGraph's maxConcurrency alone, which (1.7.3) silently
 * drops every Send task after the first when it is 1 (langchain-ai/langgraphjs#2656).
 */
export function createSlots(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`concurrency must be a whole number ≥ 1, got ${size}`);
  let free = size;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return async (work) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      release();
    }
  };
}
