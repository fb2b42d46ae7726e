/** Small inline-SVG charts: the report must open offline, so no chart library from a CDN. */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PALETTE = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00'];

export interface Bar {
  value: number | null;
  low?: number | null;
  high?: number | null;
  n?: number | null;
}

export interface BarChartInput {
  id: string;
  title: string;
  /** Category labels (one row each). */
  categories: string[];
  /** One series per variant, values aligned with categories, in [0, max]. */
  series: { name: string; bars: Bar[] }[];
  max?: number;
  unit?: string;
}

/** Horizontal grouped bars with 95% CI whiskers. */
export function barChart(input: BarChartInput): string {
  const max = input.max ?? 1;
  const unit = input.unit ?? '%';
  const scale = unit === '%' && max === 1 ? 100 : 1;
  const labelWidth = 250;
  const plotWidth = 480;
  const barHeight = 14;
  const groupHeight = input.series.length * barHeight + 10;
  const top = 36;
  const height = top + input.categories.length * groupHeight + 40;
  const width = labelWidth + plotWidth + 80;
  const x = (v: number) => labelWidth + (Math.max(0, Math.min(max, v)) / max) * plotWidth;
  const parts: string[] = [];
  parts.push(`<text x="${labelWidth}" y="18" class="title">${escapeXml(input.title)}</text>`);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(
      `<line x1="${x(v)}" y1="${top - 6}" x2="${x(v)}" y2="${height - 34}" class="grid"/>`,
      `<text x="${x(v)}" y="${height - 20}" class="tick" text-anchor="middle">${(v * scale).toFixed(0)}${unit}</text>`,
    );
  }
  input.categories.forEach((category, i) => {
    const y0 = top + i * groupHeight;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y0 + groupHeight / 2}" class="label" text-anchor="end" dominant-baseline="middle">${escapeXml(category)}</text>`,
    );
    input.series.forEach((series, s) => {
      const bar = series.bars[i];
      const y = y0 + s * barHeight;
      if (!bar || bar.value === null) {
        parts.push(`<text x="${labelWidth + 4}" y="${y + barHeight - 3}" class="na">N/A</text>`);
        return;
      }
      const w = Math.max(1, x(bar.value) - labelWidth);
      const tip = `${series.name} · ${category}: ${(bar.value * scale).toFixed(1)}${unit}${
        bar.low != null && bar.high != null
          ? ` [${(bar.low * scale).toFixed(1)}, ${(bar.high * scale).toFixed(1)}]`
          : ''
      }${bar.n != null ? ` n=${bar.n}` : ''}`;
      parts.push(
        `<rect class="bar" x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight - 3}" fill="${PALETTE[s % PALETTE.length]}"><title>${escapeXml(tip)}</title></rect>`,
      );
      if (bar.low != null && bar.high != null) {
        const cy = y + (barHeight - 3) / 2;
        parts.push(
          `<line class="ci" x1="${x(bar.low).toFixed(1)}" y1="${cy}" x2="${x(bar.high).toFixed(1)}" y2="${cy}"/>`,
        );
      }
      parts.push(
        `<text x="${(x(bar.value) + 4).toFixed(1)}" y="${y + barHeight - 4}" class="value">${(bar.value * scale).toFixed(1)}</text>`,
      );
    });
  });
  const legend = input.series
    .map(
      (s, i) =>
        `<rect x="${labelWidth + i * 160}" y="${height - 12}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/><text x="${labelWidth + i * 160 + 14}" y="${height - 3}" class="tick">${escapeXml(s.name)}</text>`,
    )
    .join('');
  return `<svg id="${escapeXml(input.id)}" class="chart" data-chart="${escapeXml(input.id)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 6}" viewBox="0 0 ${width} ${height + 6}" role="img" aria-label="${escapeXml(input.title)}">${parts.join('')}${legend}</svg>`;
}

export interface HeatMapInput {
  id: string;
  title: string;
  rows: string[];
  columns: string[];
  /** values[row][column], in [0, 100] or null. */
  values: (number | null)[][];
}

function heatColor(v: number): string {
  // Red (0) → yellow (50) → green (100): low compliance reads as a warning.
  const t = Math.max(0, Math.min(100, v)) / 100;
  const hue = 120 * t;
  return `hsl(${hue.toFixed(0)}, 70%, 55%)`;
}

/** Rows × columns of percentages, coloured red → green, with the value in each cell. */
export function heatMap(input: HeatMapInput): string {
  const labelWidth = 230;
  const cellW = 78;
  const cellH = 20;
  const top = 56;
  const width = labelWidth + input.columns.length * cellW + 10;
  const height = top + input.rows.length * cellH + 10;
  const parts: string[] = [`<text x="4" y="18" class="title">${escapeXml(input.title)}</text>`];
  input.columns.forEach((c, j) => {
    parts.push(
      `<text x="${labelWidth + j * cellW + cellW / 2}" y="${top - 8}" class="tick" text-anchor="middle">${escapeXml(c)}</text>`,
    );
  });
  input.rows.forEach((r, i) => {
    const y = top + i * cellH;
    parts.push(
      `<text x="${labelWidth - 6}" y="${y + cellH / 2}" class="label" text-anchor="end" dominant-baseline="middle">${escapeXml(r)}</text>`,
    );
    input.columns.forEach((c, j) => {
      const v = input.values[i]?.[j] ?? null;
      const fill = v === null ? '#eeeeee' : heatColor(v);
      const text = v === null ? 'N/A' : v.toFixed(0);
      parts.push(
        `<rect class="cell" x="${labelWidth + j * cellW}" y="${y}" width="${cellW - 2}" height="${cellH - 2}" fill="${fill}"><title>${escapeXml(`${r} · ${c}: ${text}`)}</title></rect>`,
        `<text x="${labelWidth + j * cellW + cellW / 2}" y="${y + cellH / 2}" class="cellv" text-anchor="middle" dominant-baseline="middle">${text}</text>`,
      );
    });
  });
  return `<svg id="${escapeXml(input.id)}" class="chart" data-chart="${escapeXml(input.id)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(input.title)}">${parts.join('')}</svg>`;
}
