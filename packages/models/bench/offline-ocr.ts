/**
 * OCR on rendered test cards: draws planted text with @napi-rs/canvas + DejaVu Sans, reads it back with the
 * offline engine (tesseract.js, local traineddata), prints what was read, whether each planted line was found,
 * and per-image latency (the first image includes worker start-up: cold; the rest are warm).
 * Run: node --conditions=source --import tsx packages/models/bench/offline-ocr.ts
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { createOfflineEngine } from '../src/offline/engine.ts';

const require = createRequire(import.meta.url);
GlobalFonts.registerFromPath(
  join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf'),
  'BenchSans',
);

const CARDS: string[][] = [
  ['BOARDING PASS', 'PASSENGER: MARIA KOWALSKI', 'FLIGHT LH 1234 PORTO - MUNICH', 'GATE B22 SEAT 14C'],
  ['ST. MARY HOSPITAL', 'STAFF BADGE', 'ANNA SCHMIDT RN', 'INTENSIVE CARE UNIT'],
  ['GREEN MARKET RECEIPT', 'SOURDOUGH BREAD 4.50', 'INSULIN PEN NEEDLES 12.99', 'TOTAL 17.49 EUR'],
  ['CHESS CLUB TOURNAMENT', 'ROUND 3 BOARD 7', 'SATURDAY 14 JUNE 2025', 'CITY LIBRARY HALL'],
];

function renderCard(lines: string[]): Uint8Array {
  const canvas = createCanvas(900, 80 + lines.length * 56);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fdfcf7';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#1a1a1a';
  ctx.font = '34px BenchSans';
  lines.forEach((line, i) => {
    ctx.fillText(line, 40, 70 + i * 56);
  });
  return canvas.toBuffer('image/png');
}

const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '');
const engine = createOfflineEngine();
const latencies: number[] = [];
let found = 0;
let planted = 0;
for (const [i, lines] of CARDS.entries()) {
  const png = renderCard(lines);
  const t0 = performance.now();
  const result = await engine.ocr(png);
  const ms = performance.now() - t0;
  latencies.push(ms);
  const read = squash(result.text);
  console.log(
    `\ncard ${i + 1} (${i === 0 ? 'cold' : 'warm'}): ${ms.toFixed(0)} ms, mean word confidence ${result.confidence.toFixed(2)}`,
  );
  console.log(result.text.replace(/^/gm, '  | '));
  for (const line of lines) {
    const ok = read.includes(squash(line));
    planted++;
    if (ok) found++;
    console.log(`  planted "${line}": ${ok ? 'found' : 'NOT found'}`);
  }
}
await engine.close();
const warm = latencies.slice(1);
console.log(
  `\nplanted lines found: ${found}/${planted}; latency cold ${latencies[0]?.toFixed(0)} ms, warm mean ${(warm.reduce((a, b) => a + b, 0) / warm.length).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)})`,
);
