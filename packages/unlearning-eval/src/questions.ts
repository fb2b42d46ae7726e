import { createRng, type ImageRef, type MllmuProfile } from '@privlens/datasets';
import type { FewShotPlan } from './few-shot.ts';
import {
  type BenchPrompt,
  type ClassificationShot,
  type ClozeShot,
  classificationPrompt,
  clozePrompt,
  generationPrompt,
} from './prompts.ts';
import { recordKey } from './record.ts';
import { type EvalModality, type EvalSet, type EvalTask, modalityOf } from './vocabulary.ts';

/** One question to ask: everything needed to prompt, score and key it. */
export interface QuestionJob {
  key: string;
  set: EvalSet;
  task: EvalTask;
  modality: EvalModality;
  profileId: string;
  index: number;
  question: string;
  expected: string;
  /** Classification: option letter → text. */
  options?: Record<string, string>;
  prompt: BenchPrompt;
  fewShotIds: string[];
}

export interface ProfilePlans {
  classification: FewShotPlan<ClassificationShot>;
  cloze: FewShotPlan<ClozeShot>;
}

/**
 * The image a question is asked with: the profile's `image`, or for Test_Set rows (an `images` list) one
 * of them at random as eval.py does, drawn per task and profile from the seed.
 */
export function imageFor(profile: MllmuProfile, task: EvalTask, seed: number): ImageRef | undefined {
  const images = profile.images?.filter((i) => i.bytes !== undefined) ?? [];
  if (images.length > 0) return createRng(seed).fork(`image/${task}/${profile.ID}`).pick(images);
  return profile.image?.bytes ? profile.image : undefined;
}

/** A question that cannot be asked or scored as given, named by set, profile and upstream field path. */
export class QuestionDataError extends Error {
  constructor(
    readonly set: EvalSet,
    readonly profileId: string,
    readonly field: string,
    message: string,
  ) {
    super(`${set} profile ${profileId}: ${field}: ${message}`);
    this.name = 'QuestionDataError';
  }
}

export class MissingImageError extends Error {
  constructor(
    readonly set: EvalSet,
    readonly profileId: string,
  ) {
    super(
      `${set} profile ${profileId}: field image/images: no image bytes, so multimodal questions cannot be asked`,
    );
    this.name = 'MissingImageError';
  }
}

/** The questions of one profile for the chosen tasks and modalities, in eval.py's order. */
export function questionsOf(
  profile: MllmuProfile,
  set: EvalSet,
  tasks: readonly EvalTask[],
  modalities: readonly EvalModality[],
  plans: ProfilePlans,
  seed: number,
): QuestionJob[] {
  const jobs: QuestionJob[] = [];
  const id = profile.ID;
  const wants = (m: EvalModality) => modalities.includes(m);
  const imageOrThrow = (task: EvalTask) => {
    const image = imageFor(profile, task, seed);
    if (!image) throw new MissingImageError(set, id);
    return image;
  };
  // Only a profile that has image questions, and a run that asks them, needs the image (and fails without it).
  const imageIfAsked = (entries: readonly { Type: string }[], task: EvalTask) =>
    wants('multimodal') && entries.some((e) => e.Type === 'Image_Textual') ? imageOrThrow(task) : undefined;
  const job = (
    task: EvalTask,
    modality: EvalModality,
    index: number,
    rest: Omit<QuestionJob, 'key' | 'set' | 'task' | 'modality' | 'profileId' | 'index'>,
  ): QuestionJob => ({
    key: recordKey(set, task, modality, id, index),
    set,
    task,
    modality,
    profileId: id,
    index,
    ...rest,
  });

  for (const task of tasks) {
    if (task === 'classification') {
      const plan = plans.classification;
      const skip = plan.skip.get(id);
      const cls = profile.Classification_Task;
      if (!cls) continue;
      for (const modality of ['multimodal', 'text'] as const) {
        if (!wants(modality)) continue;
        const questions = modality === 'multimodal' ? cls.Image_Textual_Questions : cls.Pure_Text_Questions;
        if (questions.length === 0) continue;
        const image = modality === 'multimodal' ? imageOrThrow(task) : undefined;
        const list = modality === 'multimodal' ? 'Image_Textual_Questions' : 'Pure_Text_Questions';
        questions.forEach((q, index) => {
          const keys = Object.keys(q.Options).map((k) => k.toUpperCase());
          if (!keys.includes(q.Correct_Answer.trim().toUpperCase()))
            throw new QuestionDataError(
              set,
              id,
              `Classification_Task.${list}[${index}].Correct_Answer`,
              `"${q.Correct_Answer}" is not one of the options ${keys.join(', ')}`,
            );
          if (skip?.[modality].has(index)) return;
          jobs.push(
            job(task, modality, index, {
              question: q.Question,
              expected: q.Correct_Answer.trim().toUpperCase(),
              options: q.Options,
              prompt: classificationPrompt(q, image, plan.shots[modality]),
              fewShotIds: plan.ids,
            }),
          );
        });
      }
    } else if (task === 'cloze') {
      const plan = plans.cloze;
      const skip = plan.skip.get(id);
      const entries = profile.Mask_Task ?? [];
      const image = imageIfAsked(entries, task);
      entries.forEach((entry, index) => {
        const modality = modalityOf(entry.Type);
        if (!modality || !wants(modality) || skip?.[modality].has(index)) return;
        jobs.push(
          job(task, modality, index, {
            question: entry.Question,
            expected: entry.Ground_Truth,
            prompt: clozePrompt(
              entry.Question,
              modality === 'multimodal' ? image : undefined,
              plan.shots[modality],
            ),
            fewShotIds: plan.ids,
          }),
        );
      });
    } else {
      const entries = profile.Generation_Task ?? [];
      const image = imageIfAsked(entries, task);
      entries.forEach((entry, index) => {
        const modality = modalityOf(entry.Type);
        if (!modality || !wants(modality)) return;
        jobs.push(
          job(task, modality, index, {
            question: entry.Question,
            expected: entry.Ground_Truth,
            prompt: generationPrompt(entry.Question, modality === 'multimodal' ? image : undefined),
            fewShotIds: [],
          }),
        );
      });
    }
  }
  return jobs;
}
