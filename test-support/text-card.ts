import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

const FONT = 'TestSupportDejaVuSans';
let fontReady = false;

export interface TextCardLayout {
  width: number;
  height: number;
  fontPx: number;
  /** Left edge of the text and baseline of the first line, in pixels. */
  x: number;
  top: number;
  lineHeight: number;
  paper?: string;
  ink?: string;
}

/**
 * A PNG of dark lines on a light card, for OCR tests and benches. The font is DejaVu Sans from its npm package,
 * registered once, so the pixels do not depend on the machine's system fonts.
 */
export function renderTextCard(lines: string[], layout: TextCardLayout): Uint8Array {
  if (!fontReady) {
    GlobalFonts.registerFromPath(
      createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
      FONT,
    );
    fontReady = true;
  }
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = layout.paper ?? '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.fillStyle = layout.ink ?? '#000000';
  ctx.font = `${layout.fontPx}px ${FONT}`;
  lines.forEach((line, i) => {
    ctx.fillText(line, layout.x, layout.top + i * layout.lineHeight);
  });
  return canvas.toBuffer('image/png');
}
