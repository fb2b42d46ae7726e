import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { imageMimeType, type SpySample } from '@privlens/datasets';
import type { ChatRequest, ContentPart } from '@privlens/models';

/** generate.py's defaults for the model under test. */
export const SPY_TARGET_TEMPERATURE = 0;
export const SPY_TARGET_MAX_TOKENS = 512;

export interface SampleImage {
  part?: Extract<ContentPart, { type: 'image' }>;
  /** Set when the image could not be read: the prompt then goes out as text only. */
  missing?: string;
}

/** Reads `imagePath` (relative to `imagesDir` unless absolute); a missing file is reported, not thrown. */
export async function loadSampleImage(
  imagePath: string,
  imagesDir: string | undefined,
): Promise<SampleImage> {
  if (imagesDir === undefined && !isAbsolute(imagePath)) return { missing: 'no images dir given' };
  const file = isAbsolute(imagePath) ? imagePath : join(imagesDir as string, imagePath);
  const mimeType = imageMimeType(file);
  if (!mimeType) return { missing: `unsupported image type: ${file}` };
  try {
    const bytes = await readFile(file);
    return { part: { type: 'image', mimeType, data: bytes.toString('base64') } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return { missing: `image not found: ${file}` };
    throw error;
  }
}

/**
 * The request generate.py sends (API_LVLM.visual_chat): one user message, the prompt text first and the image
 * after it, no system prompt, temperature 0, at most 512 new tokens.
 */
export function buildSpyRequest(sample: Pick<SpySample, 'prompt'>, image?: SampleImage['part']): ChatRequest {
  const content: ContentPart[] = [{ type: 'text', text: sample.prompt }];
  if (image) content.push(image);
  return {
    messages: [{ role: 'user', content }],
    temperature: SPY_TARGET_TEMPERATURE,
    maxTokens: SPY_TARGET_MAX_TOKENS,
  };
}
