import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Tesseract from 'tesseract.js';
import { toBytes } from './image.ts';

const require = createRequire(import.meta.url);

export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  box: { x: number; y: number; width: number; height: number };
}
export interface OcrResult {
  text: string;
  /** mean word confidence, 0..1 */
  confidence: number;
  words: OcrWord[];
  latencyMs: number;
}

/** The traineddata folder inside the npm data package: never the CDN default. */
export function tesseractLangPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** One lazily started tesseract worker; `close()` terminates it so the process can exit. */
export function createOcr() {
  let worker: Promise<Tesseract.Worker> | undefined;
  const start = async () => {
    const tesseract = require('tesseract.js') as typeof Tesseract;
    return tesseract.createWorker('eng', 1, {
      langPath: tesseractLangPath(),
      cacheMethod: 'none',
      gzip: true,
      logger: () => {},
      errorHandler: () => {},
    });
  };
  return {
    async read(image: Uint8Array | ArrayBuffer | string): Promise<OcrResult> {
      const t0 = performance.now();
      worker ??= start();
      const w = await worker;
      const bytes = toBytes(image);
      const { data } = await w.recognize(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        {},
        {
          text: true,
          blocks: true,
        },
      );
      const words: OcrWord[] = [];
      for (const block of data.blocks ?? [])
        for (const para of block.paragraphs)
          for (const line of para.lines)
            for (const word of line.words) {
              if (!word.text.trim()) continue;
              const b = word.bbox;
              words.push({
                text: word.text,
                confidence: word.confidence / 100,
                box: { x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 },
              });
            }
      const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
      return { text: data.text.trim(), confidence, words, latencyMs: performance.now() - t0 };
    },
    async close(): Promise<void> {
      const w = worker;
      worker = undefined;
      if (w) await (await w).terminate();
    },
  };
}
export type Ocr = ReturnType<typeof createOcr>;
