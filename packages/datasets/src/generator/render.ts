import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { CardSpec } from './cards.ts';
import type { Rng } from './rng.ts';

export const IMAGE_WIDTH = 960;
export const IMAGE_HEIGHT = 640;
/** OCR reads clean text from about 20 px; nothing is drawn smaller than this. */
export const MIN_FONT_PX = 28;

const FONT = 'PrivlensDejaVuSans';
const FONT_BOLD = 'PrivlensDejaVuSansBold';
let fontsReady = false;
function ensureFonts(): void {
  if (fontsReady) return;
  // Registered from the npm package so output does not depend on the machine's system fonts.
  const require = createRequire(import.meta.url);
  GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), FONT);
  GlobalFonts.registerFromPath(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), FONT_BOLD);
  fontsReady = true;
}

const PAPERS = ['#fbf8f1', '#f4f7fb', '#f7f2e6', '#f0f6f0', '#fdf6f6'];
const INKS = ['#111111', '#1b2a41', '#2b1d14', '#142a1e'];
const ACCENTS = ['#c9d6e8', '#e8dcc0', '#d3e6d3', '#ead0d0'];

/** Shrinks a line's font toward MIN_FONT_PX to fit, then wraps at word boundaries if it still does not. */
function layoutLine(ctx: SKRSContext2D, text: string, family: string, size: number, maxWidth: number) {
  for (let px = size; px >= MIN_FONT_PX; px -= 2) {
    ctx.font = `${px}px ${family}`;
    if (ctx.measureText(text).width <= maxWidth) return { px, rows: [text] };
  }
  ctx.font = `${MIN_FONT_PX}px ${family}`;
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(' ')) {
    const next = row ? `${row} ${word}` : word;
    if (row && ctx.measureText(next).width > maxWidth) {
      rows.push(row);
      row = word;
    } else row = next;
  }
  if (row) rows.push(row);
  return { px: MIN_FONT_PX, rows };
}

/**
 * Draws a card as a photo of a document would show it: horizontal dark text on light paper, DejaVu Sans,
 * ≥ 28 px. Returns the PNG and every text row drawn (what an ideal OCR would read).
 */
export async function renderCard(card: CardSpec, rng: Rng): Promise<{ png: Uint8Array; text: string[] }> {
  ensureFonts();
  const canvas = createCanvas(IMAGE_WIDTH, IMAGE_HEIGHT);
  const ctx = canvas.getContext('2d');
  const ink = rng.pick(INKS);
  // The "table" the document lies on, then the document itself.
  ctx.fillStyle = '#e4e1dc';
  ctx.fillRect(0, 0, IMAGE_WIDTH, IMAGE_HEIGHT);
  const margin = 36;
  ctx.fillStyle = rng.pick(PAPERS);
  ctx.fillRect(margin, margin, IMAGE_WIDTH - 2 * margin, IMAGE_HEIGHT - 2 * margin);
  ctx.strokeStyle = ink;
  ctx.lineWidth = 3;
  ctx.strokeRect(margin + 10, margin + 10, IMAGE_WIDTH - 2 * margin - 20, IMAGE_HEIGHT - 2 * margin - 20);

  const maxWidth = IMAGE_WIDTH - 2 * margin - 80;
  const title = layoutLine(ctx, card.title, FONT_BOLD, 46, maxWidth);
  const body = card.lines.map((line) => layoutLine(ctx, line, FONT, 34, maxWidth));
  const rowHeight = (px: number) => Math.round(px * 1.5);
  const total =
    title.rows.length * rowHeight(title.px) +
    24 +
    body.reduce((h, b) => h + b.rows.length * rowHeight(b.px), 0);
  let y = Math.max(margin + 40, Math.round((IMAGE_HEIGHT - total) / 2));

  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  const left = margin + 40;
  const drawn: string[] = [];
  ctx.fillStyle = rng.pick(ACCENTS);
  ctx.fillRect(
    margin + 14,
    y - 14,
    IMAGE_WIDTH - 2 * margin - 28,
    title.rows.length * rowHeight(title.px) + 12,
  );
  ctx.fillStyle = ink;
  ctx.font = `${title.px}px ${FONT_BOLD}`;
  for (const row of title.rows) {
    ctx.fillText(row, left, y);
    drawn.push(row);
    y += rowHeight(title.px);
  }
  y += 24;
  for (const line of body) {
    ctx.font = `${line.px}px ${FONT}`;
    for (const row of line.rows) {
      ctx.fillText(row, left, y);
      drawn.push(row);
      y += rowHeight(line.px);
    }
  }
  if (card.kind === 'boarding-pass' || card.kind.endsWith('receipt')) {
    // A barcode strip: texture a photo would have, kept clear of the text.
    let x = IMAGE_WIDTH - margin - 200;
    const top = IMAGE_HEIGHT - margin - 90;
    while (x < IMAGE_WIDTH - margin - 30) {
      const w = rng.int(2, 6);
      ctx.fillRect(x, top, w, 60);
      x += w + rng.int(2, 5);
    }
  }
  const png = await canvas.encode('png');
  return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), text: drawn };
}
