import { badRequest } from './errors.ts';

export interface ImageLimits {
  /** Encoded bytes. */
  imageBytes: number;
  /** Largest width or height. */
  imageDimension: number;
  /** width × height: what decoding would allocate, so a tiny file declaring a huge canvas is refused. */
  imagePixels: number;
}

export interface ImageHeader {
  mimeType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngHeader(b: Uint8Array): ImageHeader | string {
  if (b.length < 24) return 'truncated PNG header';
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (String.fromCharCode(b[12] as number, b[13] as number, b[14] as number, b[15] as number) !== 'IHDR')
    return 'PNG without IHDR chunk first';
  return { mimeType: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks JPEG markers up to the first SOFn frame header, which holds the dimensions. */
function jpegHeader(b: Uint8Array): ImageHeader | string {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return 'corrupt JPEG marker';
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = ((b[i + 2] as number) << 8) | (b[i + 3] as number);
    if (length < 2) return 'corrupt JPEG segment length';
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return 'truncated JPEG frame header';
      const height = ((b[i + 5] as number) << 8) | (b[i + 6] as number);
      const width = ((b[i + 7] as number) << 8) | (b[i + 8] as number);
      return { mimeType: 'image/jpeg', width, height };
    }
    if (marker === 0xd9 || marker === 0xda) return 'JPEG without a frame header before its scan';
    i += 2 + length;
  }
  return 'truncated JPEG (no frame header)';
}

/** Reads the format and dimensions from the header bytes alone (nothing is decoded). */
export function readImageHeader(bytes: Uint8Array): ImageHeader | string {
  if (PNG_SIGNATURE.every((v, i) => bytes[i] === v)) return pngHeader(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegHeader(bytes);
  return 'not a PNG or JPEG image';
}

/**
 * Checks an uploaded image before anything decodes it: size, format (by magic bytes, not the declared type) and
 * declared dimensions, so decompression bombs are refused from their header. Throws a 400 naming `field`.
 */
export function checkImage(
  bytes: Uint8Array,
  field: string,
  limits: ImageLimits,
  declared?: string,
): ImageHeader {
  if (bytes.length > limits.imageBytes)
    throw badRequest(field, `image is ${bytes.length} bytes; the limit is ${limits.imageBytes}`);
  const header = readImageHeader(bytes);
  if (typeof header === 'string') throw badRequest(field, header);
  if (declared && declared !== header.mimeType)
    throw badRequest(field, `declared ${declared} but the bytes are ${header.mimeType}`);
  if (header.width === 0 || header.height === 0) throw badRequest(field, 'image has a zero dimension');
  if (header.width > limits.imageDimension || header.height > limits.imageDimension)
    throw badRequest(
      field,
      `image is ${header.width}×${header.height}; the largest side allowed is ${limits.imageDimension} px`,
    );
  if (header.width * header.height > limits.imagePixels)
    throw badRequest(
      field,
      `image declares ${header.width}×${header.height} = ${header.width * header.height} pixels (limit ${limits.imagePixels}): refused as a possible decompression bomb`,
    );
  return header;
}

/** Decodes base64 after checking its decoded size from its length, so an oversized string is never decoded. */
export function decodeBase64Image(data: string, field: string, limits: ImageLimits): Uint8Array {
  const clean = data.replace(/\s+/g, '');
  if (Math.floor((clean.length * 3) / 4) > limits.imageBytes + 2)
    throw badRequest(
      field,
      `image is about ${Math.floor((clean.length * 3) / 4)} bytes; the limit is ${limits.imageBytes}`,
    );
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1)
    throw badRequest(field, 'not valid base64');
  return Buffer.from(clean, 'base64');
}
