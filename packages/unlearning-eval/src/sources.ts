import { type MllmuProfile, readMllmuParquet } from '@privlens/datasets';

/** Profiles in memory, or MLLMU-Bench parquet file(s) (the Test_Set comes in shards), streamed per row group. */
export type ProfileSource = readonly MllmuProfile[] | string | readonly string[];

function files(source: string | readonly string[]): readonly string[] {
  return typeof source === 'string' ? [source] : source;
}

function isFileList(source: ProfileSource): source is string | readonly string[] {
  return typeof source === 'string' || (source.length > 0 && typeof source[0] === 'string');
}

/** Streams a source's profiles; a bad parquet row throws the reader's DatasetError (file, row, field). */
export async function* profilesOf(source: ProfileSource, columns?: string[]): AsyncGenerator<MllmuProfile> {
  if (!isFileList(source)) {
    yield* source as readonly MllmuProfile[];
    return;
  }
  for (const file of files(source)) yield* readMllmuParquet(file, columns ? { columns } : {});
}

/** Profile ids in source order, read from the ID column alone when the source is parquet. */
export async function idsOf(source: ProfileSource): Promise<string[]> {
  const ids: string[] = [];
  for await (const profile of profilesOf(source, ['ID'])) ids.push(profile.ID);
  return ids;
}

/** The profiles whose id is in `wanted`, in source order. */
export async function pickProfiles(sources: readonly ProfileSource[], wanted: ReadonlySet<string>) {
  const picked: MllmuProfile[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    for await (const profile of profilesOf(source)) {
      if (wanted.has(profile.ID) && !seen.has(profile.ID)) {
        picked.push(profile);
        seen.add(profile.ID);
      }
    }
  }
  return picked;
}
