/**
 * OCR on rendered test cards: draws planted text with @napi-rs/canvas + DejaVu Sans, reads it back with the
 * offline engine (tesseract.js, local traineddata), prints what was read, whether each planted line was found,
 * and per-image latency (the first image includes worker start-up: cold; the rest are warm).
 * Run: node --conditions=source --import tsx packages/models/bench/offline-ocr.ts
 */
import { renderTextCard } from '../../../test-support/text-card.ts';
import { createOfflineEngine } from '../src/offline/engine.ts';

const CARDS: string[][] = [
  ['BOARDING PASS', 'PASSENGER: MARIA KOWALSKI', 'FLIGHT LH 1234 PORTO - MUNICH', 'GATE B22 SEAT 14C'],
  ['ST. MARY HOSPITAL', 'STAFF BADGE', 'ANNA SCHMIDT RN', 'INTENSIVE CARE UNIT'],
  ['GREEN MARKET RECEIPT', 'SOURDOUGH BREAD 4.50', 'INSULIN PEN NEEDLES 12.99', 'TOTAL 17.49 EUR'],
  ['CHESS CLUB TOURNAMENT', 'ROUND 3 BOARD 7', 'SATURDAY 14 JUNE 2025', 'CITY LIBRARY HALL'],
];

const renderCard = (lines: string[]) =>
  renderTextCard(lines, {
    width: 900,
    height: 80 + lines.length * 56,
    fontPx: 34,
    x: 40,
    top: 70,
    lineHeight: 56,
    paper: '#fdfcf7',
    ink: '#1a1a1a',
  });

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
