import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  DatasetError,
  type LoadMode,
  type LoadResult,
  loadLlmPrivacy,
  loadPrism,
  readJsonl,
  SocialUser,
} from '@privlens/datasets';

export const USER_FORMATS = ['auto', 'privlens', 'prism', 'llmprivacy'] as const;
export type UserFormat = (typeof USER_FORMATS)[number];

/** Which loader a path needs: a PRISM folder (posts.json + target.json), llmprivacy JSONL or privlens JSONL. */
export function detectUserFormat(path: string): Exclude<UserFormat, 'auto'> {
  if (!existsSync(path)) throw new DatasetError({ file: path, message: 'no such file or folder' });
  if (statSync(path).isDirectory()) {
    if (existsSync(join(path, 'posts.json')) && existsSync(join(path, 'target.json'))) return 'prism';
    throw new DatasetError({
      file: path,
      message: 'a folder must hold PRISM posts.json and target.json (or pass a .jsonl file)',
    });
  }
  if (basename(path) === 'posts.json') return 'prism';
  const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
  try {
    const first = JSON.parse(firstLine) as Record<string, unknown>;
    if ('personality' in first && 'response' in first) return 'llmprivacy';
  } catch {
    // Left to the privlens JSONL reader, which names the line that is not JSON.
  }
  return 'privlens';
}

/** Social users from any supported dataset path. */
export function loadUsers(
  path: string,
  options: { format?: UserFormat; mode?: LoadMode } = {},
): LoadResult<SocialUser> {
  const format = !options.format || options.format === 'auto' ? detectUserFormat(path) : options.format;
  const mode = options.mode ?? 'strict';
  switch (format) {
    case 'prism': {
      const dir = basename(path) === 'posts.json' ? join(path, '..') : path;
      return loadPrism({ postsFile: join(dir, 'posts.json'), targetFile: join(dir, 'target.json'), mode });
    }
    case 'llmprivacy':
      return loadLlmPrivacy(path, { mode });
    case 'privlens':
      return readJsonl(path, SocialUser, { mode });
  }
}
