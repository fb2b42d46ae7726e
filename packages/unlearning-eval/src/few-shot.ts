import { createRng, type MllmuProfile } from '@privlens/datasets';
import { type ClassificationShot, type ClozeShot, clozeQuestion } from './prompts.ts';
import { type EvalModality, type EvalSet, modalityOf } from './vocabulary.ts';

/** Few-shot profiles per task. eval.py's LLaVA branch samples 1 profile for classification, 2 for cloze. */
export interface FewShotCounts {
  classification: number;
  cloze: number;
}
export const DEFAULT_FEW_SHOT: FewShotCounts = { classification: 1, cloze: 2 };

export interface FewShotPlan<Shot> {
  ids: string[];
  shots: Record<EvalModality, Shot[]>;
  /** Question indices of the few-shot profiles, which eval.py leaves out of the evaluation. */
  skip: Map<string, Record<EvalModality, Set<number>>>;
}

/**
 * Which sets get few-shot examples: eval.py prepends classification shots only in forget / retain_shared /
 * test mode, and while its cloze code lists retain_celebrity too, it looks the sampled celebrity ids up in
 * Full_Set, which holds none, so the celebrity set never gets shots. Both facts are kept.
 */
export function setHasFewShot(set: EvalSet): boolean {
  return set !== 'celebrity';
}

/**
 * eval.py's `random.sample(id_list, k)` (unseeded there), drawn here from a PRNG forked from the seed by set
 * and task, so the same seed gives the same shots whatever else the run contains.
 */
export function sampleFewShotIds(ids: readonly string[], k: number, seed: number, label: string): string[] {
  if (k <= 0 || ids.length === 0) return [];
  return createRng(seed).fork(`few-shot/${label}`).sample(ids, Math.min(k, ids.length));
}

function emptySkip(): Record<EvalModality, Set<number>> {
  return { multimodal: new Set(), text: new Set() };
}

/** `pool` are the Full_Set rows of the sampled ids, in Full_Set order (pandas `isin` keeps file order). */
export function classificationShots(
  ids: string[],
  pool: readonly MllmuProfile[],
): FewShotPlan<ClassificationShot> {
  const plan: FewShotPlan<ClassificationShot> = { ids, shots: { multimodal: [], text: [] }, skip: new Map() };
  for (const profile of pool) {
    if (!ids.includes(profile.ID)) continue;
    const skip = emptySkip();
    plan.skip.set(profile.ID, skip);
    const task = profile.Classification_Task;
    task?.Image_Textual_Questions.forEach((question, index) => {
      plan.shots.multimodal.push({ question, ...(profile.image ? { image: profile.image } : {}) });
      skip.multimodal.add(index);
    });
    task?.Pure_Text_Questions.forEach((question, index) => {
      plan.shots.text.push({ question });
      skip.text.add(index);
    });
  }
  return plan;
}

export function clozeShots(ids: string[], pool: readonly MllmuProfile[]): FewShotPlan<ClozeShot> {
  const plan: FewShotPlan<ClozeShot> = { ids, shots: { multimodal: [], text: [] }, skip: new Map() };
  for (const profile of pool) {
    if (!ids.includes(profile.ID)) continue;
    const skip = emptySkip();
    plan.skip.set(profile.ID, skip);
    profile.Mask_Task?.forEach((entry, index) => {
      const modality = modalityOf(entry.Type);
      if (!modality) return;
      plan.shots[modality].push({
        question: clozeQuestion(entry.Question),
        groundTruth: entry.Ground_Truth,
        ...(modality === 'multimodal' && profile.image ? { image: profile.image } : {}),
      });
      skip[modality].add(index);
    });
  }
  return plan;
}

export function emptyPlan<Shot>(): FewShotPlan<Shot> {
  return { ids: [], shots: { multimodal: [], text: [] }, skip: new Map() };
}
