import { extname } from 'node:path';

const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};

/** The image MIME type a file name implies, or undefined when it names no image type the models accept. */
export function imageMimeType(path: string): string | undefined {
  return IMAGE_TYPES[extname(path).toLowerCase()];
}

export function mimeTypeFromPath(path: string): string {
  return imageMimeType(path) ?? 'application/octet-stream';
}
