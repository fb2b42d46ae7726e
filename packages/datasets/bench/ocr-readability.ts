// Renders generated images and reads them back with tesseract.js: the share of image leak cues OCR recovers.
// tesseract.js is the models package's OCR dependency, imported here only if installed.
// Run: node --conditions=source --import tsx packages/datasets/bench/ocr-readability.ts [users]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { generateUsers, offlineGenerator } from '../src/generator/index.ts';

const usersWanted = Number(process.argv[2] ?? 10);
const require = createRequire(import.meta.url);
let tesseract: typeof import('tesseract.js');
let langPath: string;
try {
  tesseract = await import('tesseract.js');
  langPath = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
} catch {
  console.log('tesseract.js / @tesseract.js-data/eng not installed: skipped');
  process.exit(0);
}
const worker = await tesseract.createWorker('eng', 1, { langPath, cacheMethod: 'none', gzip: true });
const norm = (s: string) => s.toUpperCase().replace(/\s+/g, ' ').trim();
let cues = 0;
let found = 0;
let images = 0;
const missed: string[] = [];
const started = performance.now();
try {
  for await (const user of generateUsers({
    count: usersWanted,
    seed: 'ocr',
    engine: offlineGenerator({ imageRate: 0.8 }),
  })) {
    for (const post of user.posts) {
      if (!post.image?.bytes) continue;
      images++;
      const { data } = await worker.recognize(Buffer.from(post.image.bytes));
      const text = norm(data.text);
      for (const leak of post.leaks ?? []) {
        if (leak.via !== 'image') continue;
        cues++;
        if (text.includes(norm(leak.cue))) found++;
        else missed.push(`${leak.attribute}: "${leak.cue}"`);
      }
    }
  }
} finally {
  await worker.terminate();
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `images: ${images}, image cues: ${cues}, read back verbatim by OCR: ${found} (${((100 * found) / Math.max(1, cues)).toFixed(1)}%)`,
);
console.log(`time: ${seconds.toFixed(1)} s`);
if (missed.length) console.log(`missed: ${missed.slice(0, 10).join('; ')}`);
