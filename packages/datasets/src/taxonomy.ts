import { readFileSync } from 'node:fs';
import { DatasetError, fromZodError } from './errors.ts';
import { type AttributeDefinition, AttributeSet, type Interval } from './schemas/attributes.ts';

/** Loads and validates an attribute taxonomy (the shape of `data/attributes/*.json`). */
export function loadAttributeSet(file: string | URL): AttributeSet {
  const name = file instanceof URL ? file.pathname : file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new DatasetError({
      file: name,
      message: `cannot read attribute set (${(cause as Error).message})`,
      cause,
    });
  }
  const parsed = AttributeSet.safeParse(raw);
  if (!parsed.success) throw fromZodError(parsed.error, { file: name });
  return parsed.data;
}

/** The shipped data files sit beside src/ and dist/, so one path serves sources and the build. */
const shipped = (name: string) => new URL(`../data/attributes/${name}.json`, import.meta.url);

export const PRISM_ATTRIBUTES: AttributeSet = loadAttributeSet(shipped('prism'));
export const SYNTHPAI_ATTRIBUTES: AttributeSet = loadAttributeSet(shipped('synthpai'));

/**
 * A bracket string as an interval: `"35000-50000"`, `"<35000"`, `">180000"`, `"50k-70k"`, `"$35,000 - $60,000"`.
 * Returns undefined for text that names no numbers.
 */
export function parseBracket(text: string): Interval | undefined {
  const num = (s: string) => {
    const m = s.replace(/[$,\s]/g, '').match(/^(\d+(?:\.\d+)?)(k|m)?$/i);
    if (!m) return undefined;
    const scale = m[2]?.toLowerCase() === 'k' ? 1e3 : m[2]?.toLowerCase() === 'm' ? 1e6 : 1;
    return Number(m[1]) * scale;
  };
  const t = text.trim();
  const open = t.match(/^(<|>|under|below|less than|over|above|more than)\s*(.+)$/i);
  if (open?.[1] && open[2]) {
    const n = num(open[2]);
    if (n === undefined) return undefined;
    return /^(<|under|below|less than)$/i.test(open[1]) ? { min: null, max: n } : { min: n, max: null };
  }
  const range = t.split(/\s*(?:-|–|to)\s*/i);
  if (range.length === 2) {
    const [lo, hi] = range.map((r) => num(r ?? ''));
    if (lo !== undefined && hi !== undefined) return { min: Math.min(lo, hi), max: Math.max(lo, hi) };
  }
  const single = num(t);
  return single === undefined ? undefined : { min: single, max: single };
}

/** The interval of an option of an 'interval' attribute: its listed bounds, else the parsed label. */
export function intervalOf(attribute: AttributeDefinition, value: string): Interval | undefined {
  const listed = attribute.intervals?.[value];
  if (listed) return { min: listed[0], max: listed[1] };
  return parseBracket(value);
}

/**
 * Whether two intervals share any value (null = open end). Touching ends ("35000-50000" vs "50000-70000")
 * do not count: the published brackets are half-open at their shared edge.
 */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  const lo = Math.max(a.min ?? Number.NEGATIVE_INFINITY, b.min ?? Number.NEGATIVE_INFINITY);
  const hi = Math.min(a.max ?? Number.POSITIVE_INFINITY, b.max ?? Number.POSITIVE_INFINITY);
  if (lo < hi) return true;
  // a point interval (a single stated income) overlaps a bracket it sits in
  const point = (i: Interval) => i.min !== null && i.min === i.max;
  return lo === hi && (point(a) || point(b));
}
