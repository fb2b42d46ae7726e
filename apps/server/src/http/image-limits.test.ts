import { describe, expect, it } from 'vitest';
import { blackPng, jpegHeader } from '../testing/images.ts';
import { ApiError } from './errors.ts';
import { checkImage, decodeBase64Image, readImageHeader } from './image-limits.ts';

const limits = { imageBytes: 1 << 20, imageDimension: 4096, imagePixels: 4_000_000 };

describe('image header checks', () => {
  it('reads PNG and JPEG dimensions from their headers', () => {
    expect(readImageHeader(blackPng(37, 11))).toEqual({ mimeType: 'image/png', width: 37, height: 11 });
    expect(readImageHeader(jpegHeader(640, 480))).toEqual({
      mimeType: 'image/jpeg',
      width: 640,
      height: 480,
    });
    expect(readImageHeader(Buffer.from('GIF89a....'))).toBe('not a PNG or JPEG image');
    expect(readImageHeader(blackPng(4, 4).subarray(0, 20))).toBe('truncated PNG header');
  });

  it('refuses a decompression bomb from its header: a few KB declaring 100M pixels', () => {
    const bomb = blackPng(10_000, 10_000, 1);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = (() => {
      try {
        checkImage(bomb, 'image', { ...limits, imageDimension: 20_000 });
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.field).toBe('image');
    expect(error?.message).toMatch(/decompression bomb/);
  });

  it('names the field for wrong type, oversize and bad base64', () => {
    expect(() => checkImage(jpegHeader(10, 10), 'img', limits, 'image/png')).toThrow(
      /img: declared image\/png but the bytes are image\/jpeg/,
    );
    expect(() => checkImage(jpegHeader(5000, 10), 'img', limits)).toThrow(/largest side allowed is 4096/);
    expect(() => decodeBase64Image('!!!notbase64', 'image.base64', limits)).toThrow(
      /image.base64: not valid base64/,
    );
    expect(() => decodeBase64Image('A'.repeat(2 << 20), 'image.base64', limits)).toThrow(
      /the limit is 1048576/,
    );
  });
});
