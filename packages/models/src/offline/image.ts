import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type CanvasModule = typeof import('@napi-rs/canvas');
let canvasModule: CanvasModule | undefined;
function canvas(): CanvasModule {
  canvasModule ??= require('@napi-rs/canvas') as CanvasModule;
  return canvasModule;
}

/** Decoded RGBA pixels, optionally downscaled; `scale` maps them back to original pixels. */
export interface DecodedImage {
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
  /** original pixels per decoded pixel */
  scale: number;
  rgba: Uint8ClampedArray;
}

export function toBytes(image: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof image === 'string') return Buffer.from(image.replace(/^data:[^,]*,/, ''), 'base64');
  return image instanceof Uint8Array ? image : new Uint8Array(image);
}

/** Decodes PNG/JPEG/WebP bytes with Skia; `maxSide` bounds the longer side (detectors need no more). */
export async function decodeImage(
  bytes: Uint8Array,
  maxSide = Number.POSITIVE_INFINITY,
): Promise<DecodedImage> {
  const { loadImage, createCanvas } = canvas();
  let img: Awaited<ReturnType<CanvasModule['loadImage']>>;
  try {
    img = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new Error(
      `offline engine: cannot decode image (${bytes.byteLength} bytes): ${(err as Error).message}`,
    );
  }
  const scale = Math.max(1, Math.max(img.width, img.height) / maxSide);
  const width = Math.max(1, Math.round(img.width / scale));
  const height = Math.max(1, Math.round(img.height / scale));
  const c = createCanvas(width, height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0, width, height);
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, originalWidth: img.width, originalHeight: img.height, scale, rgba: data };
}
