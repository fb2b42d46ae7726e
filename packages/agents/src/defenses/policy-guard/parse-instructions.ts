import type { CategoryClassifier } from './classify-category.ts';
import { QUALIFIERS } from './category-lexicon.ts';
import { contentStems, dice, stems } from './text.ts';

const QUALIFIER_STEMS = new Set([...QUALIFIERS.complete, ...QUALIFIERS.partial].flatMap(stems));

export type Privacy = 'private' | 'non-private';

export interface ParsedInstruction {
  /** The sentence as the user wrote it. */
  text: string;
  /** What the sentence is about, e.g. "approximate age of people". */
  subject: string;
  privacy: Privacy;
  /** The category it was matched to, when one matched well enough. */
  label?: string;
  /** 0..1, how well `subject` matched the label. */
  confidence: number;
}

// Non-private forms are tested first: "non-private" and "not private" both contain "private".
const NON_PRIVATE = [
  /\bnon[\s-]?(private|sensitive|confidential)\b/i,
  /\bnot\s+(considered\s+|regarded\s+|treated\s+|seen\s+)?(as\s+)?(private|sensitive|confidential|secret)\b/i,
  /\b(is|are|as)\s+(public|shareable)\b/i,
  /\bpublic(ly available)?\s+information\b/i,
  /\b(fine|ok|okay|free|allowed|safe)\s+to\s+(share|discuss|reveal|disclose|talk about|mention|answer)\b/i,
  /\bcan\s+be\s+(freely\s+)?(shared|discussed|revealed|disclosed|mentioned)\b/i,
  /\bno(t a)?\s+(privacy\s+concern|secret)\b/i,
  /\bdo(es)?\s+not\s+mind\b/i,
];
const PRIVATE = [
  /\b(private|sensitive|confidential|secret|personal\s+information)\b/i,
  /\b(do\s+not|don't|never|must\s+not|should\s+not|shouldn't)\s+(share|reveal|disclose|discuss|mention|tell|talk about|expose)\b/i,
  /\bkeep\b.*\b(private|secret|confidential|to yourself)\b/i,
];

const SUBJECT_CUT =
  /\s+(is|are|should\s+be|must\s+be|will\s+be|shall\s+be|can\s+be|counts?\s+as)\s+(considered|regarded|treated|deemed|seen|viewed|classed|classified|to\s+be|as|non|not|private|public|sensitive|confidential|secret|fine|ok|okay|free|allowed|safe)\b/i;

export function privacyOf(sentence: string): Privacy | undefined {
  if (NON_PRIVATE.some((r) => r.test(sentence))) return 'non-private';
  if (PRIVATE.some((r) => r.test(sentence))) return 'private';
  return undefined;
}

function subjectOf(sentence: string): string {
  const s = sentence.trim().replace(/[.;!]+$/, '');
  const treat =
    /\b(?:treat|consider|regard|keep)\s+(?:my\s+|the\s+)?(.+?)\s+(?:as|private|secret|confidential)\b/i.exec(
      s,
    );
  const cut = SUBJECT_CUT.exec(s);
  if (cut) return s.slice(0, cut.index).trim();
  if (treat?.[1]) return treat[1].trim();
  const share =
    /\b(?:share|reveal|disclose|discuss|mention|tell|talk about)\s+(?:my\s+|the\s+|any\s+)?(.+)$/i.exec(s);
  if (share?.[1]) return share[1].trim();
  return s;
}

interface LabelText {
  label: string;
  stems: string[];
}

/**
 * Reads a block of privacy instructions ("X is considered as private information.", "Please keep my X
 * confidential", "X can be shared") into (subject, privacy) pairs and matches each subject to a category:
 * by stem overlap with the label texts, then by the category lexicon when the wording is the user's own.
 */
export function createInstructionParser(label2text: Record<string, string>, classify: CategoryClassifier) {
  const labels: LabelText[] = Object.entries(label2text)
    .filter(([label]) => label !== 'a0_safe')
    .map(([label, text]) => ({ label, stems: contentStems(text) }));
  // "complete home address" and "partial home address" share the base "home address": an instruction that
  // names the base without saying complete or partial covers both.
  const baseOf = (s: string[]) => s.filter((x) => !QUALIFIER_STEMS.has(x)).join(' ');
  const siblings = (label: string, subject: string): string[] => {
    if (contentStems(subject).some((s) => QUALIFIER_STEMS.has(s))) return [label];
    const own = labels.find((l) => l.label === label);
    if (!own || baseOf(own.stems) === own.stems.join(' ')) return [label];
    return labels.filter((l) => baseOf(l.stems) === baseOf(own.stems)).map((l) => l.label);
  };
  const push = (out: ParsedInstruction[], ins: ParsedInstruction) => {
    if (!ins.label) return void out.push(ins);
    for (const label of siblings(ins.label, ins.subject)) out.push({ ...ins, label });
  };

  const matchSubject = (subject: string): { label?: string; confidence: number } => {
    const s = contentStems(subject);
    const lexical = classify(subject);
    const top = lexical[0]?.score ?? 0;
    let best: { label?: string; confidence: number; score: number } = { confidence: 0, score: 0 };
    for (const l of labels) {
      const d = dice(s, l.stems);
      const lex = lexical.find((x) => x.label === l.label)?.score ?? 0;
      // The lexicon breaks ties between label texts ("name" → full / first / last) and rescues paraphrases.
      const score = d + (top > 0 ? 0.3 * (lex / top) : 0);
      if (score > best.score)
        best = { label: l.label, confidence: Math.min(1, Math.max(d, lex >= 3 ? 0.6 : 0)), score };
    }
    return best.confidence >= 0.5
      ? { label: best.label, confidence: best.confidence }
      : { confidence: best.confidence };
  };

  return (block: string): ParsedInstruction[] => {
    const out: ParsedInstruction[] = [];
    const sentences = block
      .split(/\n+/)
      .flatMap((line) => line.split(/(?<=[.;!])\s+/))
      .map((s) => s.trim())
      .filter(Boolean);
    for (const sentence of sentences) {
      const privacy = privacyOf(sentence);
      if (!privacy) continue;
      const subject = subjectOf(sentence);
      const whole = matchSubject(subject);
      const parts = subject.split(/\s*,\s*|\s+and\s+|\s*&\s*/).filter(Boolean);
      if (whole.confidence < 0.8 && parts.length > 1) {
        const matched = parts.map((p) => ({ p, m: matchSubject(p) }));
        if (matched.every((x) => x.m.label)) {
          for (const { p, m } of matched) push(out, { text: sentence, subject: p, privacy, ...m });
          continue;
        }
      }
      push(out, { text: sentence, subject, privacy, ...whole });
    }
    return out;
  };
}
