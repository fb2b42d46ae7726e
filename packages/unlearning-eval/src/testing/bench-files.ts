import { join } from 'node:path';
import { writeMllmuParquet } from '../../../datasets/src/loaders/testing/mllmu-parquet.ts';
import { mllmuRow, type Person, people } from './profiles.ts';

export interface BenchFiles {
  forget: string;
  test: string;
  retain: string;
  celebrity: string;
  fullSet: string;
  everyone: Person[];
  forgetPeople: Person[];
}

/**
 * A small MLLMU-Bench in its released parquet layout: forget / retain splits and Full_Set with one image
 * per row, Test_Set with an `images` list and paraphrased questions, a Real Celebrity set (Retain_Set).
 */
export function writeBenchFiles(dir: string, sizes = { forget: 3, retain: 3, celebrity: 2 }): BenchFiles {
  const forgetPeople = people(sizes.forget);
  const retainPeople = people(sizes.retain, sizes.forget);
  const celebrities = people(sizes.celebrity, sizes.forget + sizes.retain);
  const files: BenchFiles = {
    forget: join(dir, 'forget_5-train-00000-of-00001.parquet'),
    test: join(dir, 'Test_Set-train-00000-of-00001.parquet'),
    retain: join(dir, 'retain_95-train-00000-of-00001.parquet'),
    celebrity: join(dir, 'Retain_Set-train-00000-of-00001.parquet'),
    fullSet: join(dir, 'Full_Set-train-00000-of-00001.parquet'),
    everyone: [...forgetPeople, ...retainPeople, ...celebrities],
    forgetPeople,
  };
  writeMllmuParquet(
    files.forget,
    forgetPeople.map((p) => mllmuRow(p)),
  );
  writeMllmuParquet(
    files.retain,
    retainPeople.map((p) => mllmuRow(p)),
  );
  writeMllmuParquet(
    files.fullSet,
    [...forgetPeople, ...retainPeople].map((p) => mllmuRow(p)),
  );
  writeMllmuParquet(
    files.celebrity,
    celebrities.map((p) => mllmuRow(p)),
  );
  writeMllmuParquet(
    files.test,
    forgetPeople.map((p) => mllmuRow(p, { paraphrase: true })),
    { imageColumn: 'images' },
  );
  return files;
}
