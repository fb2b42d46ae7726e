import type { Evidence, Region } from '@privlens/datasets';
import { locateQuote } from '../inference/backends.ts';

export type Redaction =
  | { type: 'text'; start: number; end: number; text: string; evidenceIds: string[] }
  | { type: 'image'; region: Region; label: string; evidenceIds: string[] };

/**
 * What to remove so the cited evidence is gone: its text span (or, for text evidence without one, the
 * first place its value occurs) and its image region. Overlapping spans merge. A span covering most of
 * the post is not a useful suggestion ("delete the post") and is left out.
 */
export function suggestRedactions(text: string, evidence: Evidence[]): Redaction[] {
  const spans: { start: number; end: number; ids: string[] }[] = [];
  const images: Redaction[] = [];
  for (const e of evidence) {
    if (e.region)
      images.push({ type: 'image', region: e.region, label: `${e.kind}: ${e.value}`, evidenceIds: [e.id] });
    const span = e.span ?? (e.source === 'text' ? locateQuote(text, e.value) : undefined);
    if (!span || span.end <= span.start || span.end > text.length) continue;
    if (text.length > 20 && span.end - span.start > 0.8 * text.length) continue;
    spans.push({ ...span, ids: [e.id] });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof spans = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      last.ids = [...new Set([...last.ids, ...s.ids])];
    } else merged.push({ ...s });
  }
  const textRedactions: Redaction[] = merged.map((s) => ({
    type: 'text',
    start: s.start,
    end: s.end,
    text: text.slice(s.start, s.end),
    evidenceIds: s.ids,
  }));
  return [...textRedactions, ...images];
}

/** The post text with the suggested text redactions replaced by a marker. */
export function applyTextRedactions(text: string, redactions: Redaction[], marker = '[…]'): string {
  const spans = redactions
    .filter((r): r is Extract<Redaction, { type: 'text' }> => r.type === 'text')
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + marker + out.slice(s.end);
  return out;
}
