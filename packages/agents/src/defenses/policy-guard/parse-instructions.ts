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

// Word classes for privacy instructions, from general English usage rather than any one template.
const NEG = String.raw`(?:\bnot|\bno|\bnever|n't|\bneed\s+not)`;
const SENSITIVE = String.raw`(?:private|sensitive|confidential|secret|personal|off[\s-]?limits|restricted|classified|protected)`;
const CONCEAL = String.raw`(?:hid(?:e|den|ing)|conceal(?:ed|ing)?|withh(?:o|e)ld(?:ing)?|protect(?:ed|ing)?|guard(?:ed)?|redact(?:ed)?|mask(?:ed)?)`;
const DISCLOSE = String.raw`(?:shar(?:e|ed|ing)|reveal(?:ed|ing)?|disclos(?:e|ed|ing)|discuss(?:ed|ing)?|mention(?:ed|ing)?|tell|told|(?:talk|speak)(?:\s+\w+ly)?\s+about|expos(?:e|ed|ing)|giv(?:e|en|ing)\s+out|provid(?:e|ed|ing)|know|say|stat(?:e|ed)|identif(?:y|ied)|describ(?:e|ed)|answer(?:ed)?)`;
const PERMIT = String.raw`(?:fine|ok|okay|free|allowed|safe|permitted|welcome|alright|all\s+right|acceptable|good)`;
const GAP = (n: number) => String.raw`(?:\W+\w+){0,${n}}?\W+`;

/** Permissions: "fine to share", "feel free to reveal", "you may talk freely about", "I don't mind". */
const PERMISSION = [
  new RegExp(String.raw`\bnon[\s-]?${SENSITIVE}`, 'i'),
  new RegExp(String.raw`\b${PERMIT}\s+(?:for\s+\w+\s+)?to${GAP(2)}${DISCLOSE}\b`, 'i'),
  /\bfeel\s+free\b/i,
  new RegExp(
    String.raw`\b(?:you|we)\s+(?:may|can|could|are\s+allowed\s+to|are\s+free\s+to)\s+(?:\w+ly\s+)?${DISCLOSE}`,
    'i',
  ),
  /\bcan\s+be\s+(?:\w+ly\s+)?(?:shared|discussed|revealed|disclosed|mentioned|told)\b/i,
  /\b(?:don't|do\s+not|doesn't|does\s+not|wouldn't)\s+mind\b/i,
  /\b(?:public|shareable|open)\b(?!\s+(?:it|this|that)\b)/i,
  /\bno\s+(?:problem|issue|privacy\s+concern|secret)\b/i,
];
/** Prohibitions: a negation shortly before a verb of disclosure ("don't reveal", "never share"). */
const PROHIBITION = new RegExp(String.raw`${NEG}${GAP(3)}${DISCLOSE}\b`, 'i');
/** A negated sensitivity or concealment ("not sensitive", "no need to hide", "need not be kept private"). */
const NEGATED_SENSITIVE = new RegExp(String.raw`${NEG}${GAP(4)}(?:${SENSITIVE}|${CONCEAL})\b`, 'i');
const SENSITIVITY = new RegExp(String.raw`\b(?:${SENSITIVE}|${CONCEAL})\b|\bkeep\b.*\bto\s+yourself\b`, 'i');
const NEGATED_PERMISSION = new RegExp(
  String.raw`${NEG}${GAP(1)}${PERMIT}\s+to\b|\b(?:may|can|must|should)\s+not\b|\bcannot\b`,
  'i',
);

const SUBJECT_CUT =
  /\s+(is|are|should\s+be|must\s+be|will\s+be|shall\s+be|can\s+be|counts?\s+as|does\s+not|doesn't|do\s+not|don't|need\s+not|needs?)\s+(considered|regarded|treated|deemed|seen|viewed|classed|classified|to\s+be|as|non|not|private|public|sensitive|confidential|secret|personal|fine|ok|okay|free|allowed|safe|need|be|kept|off)\b/i;

export function privacyOf(sentence: string): Privacy | undefined {
  const negatedPermission = NEGATED_PERMISSION.test(sentence);
  if (!negatedPermission && PERMISSION.some((r) => r.test(sentence))) return 'non-private';
  if (PROHIBITION.test(sentence)) return 'private';
  if (NEGATED_SENSITIVE.test(sentence)) return 'non-private';
  if (SENSITIVITY.test(sentence) || negatedPermission) return 'private';
  return undefined;
}

const OWNER = String.raw`(?:my\s+|the\s+|any\s+|our\s+|their\s+|people's\s+|others'\s+)?`;

function subjectOf(sentence: string): string {
  const s = sentence.trim().replace(/[.;!]+$/, '');
  const treat = new RegExp(
    String.raw`\b(?:treat|consider|regard|keep|count)\s+${OWNER}(.+?)\s+(?:as|${SENSITIVE}|${CONCEAL}|to\s+yourself)\b`,
    'i',
  ).exec(s);
  const cut = SUBJECT_CUT.exec(s);
  if (cut && cut.index > 0 && !/^(?:i|you|we|please|it)\b/i.test(s)) return s.slice(0, cut.index).trim();
  if (treat?.[1]) return treat[1].trim();
  const verb = new RegExp(
    String.raw`\b(?:${DISCLOSE}|${CONCEAL})\s+(?:about\s+)?${OWNER}(.+?)(?:\s+(?:to|with|from)\s+(?:anyone|anybody|others|everyone|people|them)\b.*)?$`,
    'i',
  ).exec(s);
  if (verb?.[1]) return verb[1].trim();
  if (cut) return s.slice(0, cut.index).trim();
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
