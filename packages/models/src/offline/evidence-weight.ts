import type { Evidence } from '@privlens/datasets';

/** How much an observation counts, by where it came from. OCR text is text, discounted by its read confidence. */
const SOURCE_WEIGHT: Record<Evidence['source'], number> = {
  text: 1,
  caption: 0.9,
  ocr: 0.8,
  model: 0.8,
  face: 0.7,
  object: 0.5,
  scene: 0.5,
};

/** One weighting for both the per-attribute rules and the profile context, so the two never disagree. */
export function weightOf(e: Evidence): number {
  return SOURCE_WEIGHT[e.source] * e.confidence;
}
