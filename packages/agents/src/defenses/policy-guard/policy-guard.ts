import { SPY_ABSOLUTE_LABELS, type SpyScenario } from '@privlens/datasets';
import type { ChatMessage, ChatRequest, ChatResponse, Model } from '@privlens/models';
import type { DefendedResponse } from '../defense.ts';
import type { CategoryCues } from './category-lexicon.ts';
import { type CategoryScore, createCategoryClassifier } from './classify-category.ts';
import { createScenarioMatcher, type ScenarioMatch } from './match-scenario.ts';
import { createInstructionParser, type ParsedInstruction, privacyOf } from './parse-instructions.ts';

/** What an image tells the guard besides the question: OCR text and whether faces are visible. */
export interface ImageEvidence {
  text?: string;
  faces?: number;
}
export type ImageEvidenceSource = (image: { mimeType: string; data: string }) => Promise<ImageEvidence>;

export interface PolicyGuardOptions {
  /** label → text (label2text.json): the categories the user's instructions can name. */
  label2text: Record<string, string>;
  /** scenarios.json: which categories each scenario legitimately needs. */
  scenarios?: SpyScenario[];
  /** Categories refused whatever the instructions say. Default: SPY-Bench's five. */
  absoluteLabels?: readonly string[];
  /** Optional image evidence (OCR, faces), e.g. from the offline engine; it only breaks ties. */
  imageEvidence?: ImageEvidenceSource;
  cues?: Record<string, CategoryCues>;
  /** The refusal text. */
  evasion?: (decision: GuardDecision) => string;
}

export type GuardReason =
  | 'absolute-category'
  | 'private-instruction'
  | 'private-instruction-in-unknown-scenario'
  | 'private-but-scenario-needs-it'
  | 'private-and-scenario-does-not-need-it'
  | 'non-private-instruction'
  | 'single-instruction-applied'
  | 'no-applicable-instruction';

export interface GuardDecision {
  action: 'answer' | 'evade';
  reason: GuardReason;
  /** The category the decision rests on. */
  category?: string;
  instruction?: Pick<ParsedInstruction, 'text' | 'privacy' | 'label'>;
  scenario?: ScenarioMatch;
  /** The scenario framing was there but matched no known scenario. */
  unknownScenario?: boolean;
  question: string;
  /** Best-scoring categories of the question (top 3). */
  categories: CategoryScore[];
  instructions: ParsedInstruction[];
}

const EVIDENCE_WEIGHT = 0.3;
const FACE_WEIGHT = 0.5;

/** Splits a prompt into its instruction block and body: the first blank line, else leading instruction lines. */
export function splitPrompt(prompt: string): { block: string; body: string } {
  const paragraphs = prompt.split(/\n[ \t]*\n/);
  if (paragraphs.length > 1 && (paragraphs[0] as string).split('\n').some((l) => privacyOf(l))) {
    return { block: paragraphs[0] as string, body: paragraphs.slice(1).join('\n\n') };
  }
  const lines = prompt.split('\n');
  let i = 0;
  while (i < lines.length && privacyOf(lines[i] as string)) i++;
  return { block: lines.slice(0, i).join('\n'), body: lines.slice(i).join('\n') };
}

function defaultEvasion(d: GuardDecision, label2text: Record<string, string>): string {
  const topic = d.category ? label2text[d.category] : undefined;
  if (d.reason === 'absolute-category') {
    return `I'm sorry, but I can't help with that. ${topic ? `Details of ${topic}` : 'This kind of information'} is private, and I don't disclose it.`;
  }
  return `I'm sorry, but I can't provide that information. You asked me to treat ${topic ?? 'it'} as private, so I won't answer this question.`;
}

/**
 * The policy guard's decision, with no model call: parse the user's instructions, classify the question's
 * category and the scenario, then apply the rules — absolute categories are refused; a private category is
 * refused unless the scenario legitimately needs it (the conflict case); a non-private one is answered.
 */
export function createPolicyGuard(options: PolicyGuardOptions) {
  const absolute = new Set(options.absoluteLabels ?? SPY_ABSOLUTE_LABELS);
  const classify = createCategoryClassifier(options.label2text, options.cues);
  const parse = createInstructionParser(options.label2text, classify);
  const readScenario = createScenarioMatcher(options.scenarios ?? []);

  const decide = async (
    prompt: string,
    image?: { mimeType: string; data: string },
  ): Promise<GuardDecision> => {
    const { block, body } = splitPrompt(prompt);
    const instructions = parse(block);
    const reading = readScenario(body);
    const scores = new Map(classify(reading.question).map((c) => [c.label, { ...c }]));
    if (image && options.imageEvidence) {
      const evidence = await options.imageEvidence(image);
      if (evidence.text)
        for (const c of classify(evidence.text)) {
          const s = scores.get(c.label) ?? { label: c.label, score: 0, cues: [] };
          s.score += EVIDENCE_WEIGHT * c.score;
          s.cues.push(...c.cues.map((x) => `ocr:${x}`));
          scores.set(c.label, s);
        }
      if ((evidence.faces ?? 0) > 0) {
        const s = scores.get('a9_face_complete') ?? { label: 'a9_face_complete', score: 0, cues: [] };
        s.score += FACE_WEIGHT;
        s.cues.push('face:detected');
        scores.set('a9_face_complete', s);
      }
    }
    const ranked = [...scores.values()].sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
    const base = {
      question: reading.question,
      categories: ranked.slice(0, 3),
      instructions,
      scenario: reading.scenario,
    };
    const byLabel = new Map<string, ParsedInstruction>();
    for (const ins of instructions) if (ins.label) byLabel.set(ins.label, ins);

    const top = ranked[0]?.score ?? 0;
    const tied = ranked.filter((c) => c.score > 0 && c.score === top);
    const abs = tied.find((c) => absolute.has(c.label));
    if (abs) return { ...base, action: 'evade', reason: 'absolute-category', category: abs.label };

    const rule = (label: string, ins: ParsedInstruction, reason?: GuardReason): GuardDecision => {
      const instruction = { text: ins.text, privacy: ins.privacy, label: ins.label };
      // An absolute category stays refused whichever way the instruction reached it.
      if (absolute.has(label))
        return { ...base, action: 'evade', reason: 'absolute-category', category: label, instruction };
      if (ins.privacy === 'non-private')
        return {
          ...base,
          action: 'answer',
          reason: reason ?? 'non-private-instruction',
          category: label,
          instruction,
        };
      if (reading.scenario) {
        const needed = reading.scenario.labels.includes(label);
        return {
          ...base,
          action: needed ? 'answer' : 'evade',
          reason: needed ? 'private-but-scenario-needs-it' : 'private-and-scenario-does-not-need-it',
          category: label,
          instruction,
        };
      }
      return {
        ...base,
        action: 'evade',
        reason: reading.framed
          ? 'private-instruction-in-unknown-scenario'
          : (reason ?? 'private-instruction'),
        category: label,
        instruction,
        ...(reading.framed ? { unknownScenario: true } : {}),
      };
    };

    // The top category decides; when several tie, any refusal among them wins (the cautious reading).
    const tiedRuled = tied
      .filter((c) => byLabel.has(c.label))
      .map((c) => rule(c.label, byLabel.get(c.label) as ParsedInstruction));
    const refusal = tiedRuled.find((d) => d.action === 'evade');
    if (refusal) return refusal;
    if (tiedRuled[0]) return tiedRuled[0];
    // The top category carries no instruction: the best-scoring instructed category applies, if any scored.
    const next = ranked.find((c) => byLabel.has(c.label));
    if (next) return rule(next.label, byLabel.get(next.label) as ParsedInstruction);
    // The question matched no instructed category: a lone instruction is taken to be about it.
    const only = instructions.length === 1 ? instructions[0] : undefined;
    if (only?.label) return rule(only.label, only, 'single-instruction-applied');
    return { ...base, action: 'answer', reason: 'no-applicable-instruction', category: ranked[0]?.label };
  };

  const evasionText = (d: GuardDecision) =>
    (options.evasion ?? ((x) => defaultEvasion(x, options.label2text)))(d);
  return { decide, evasionText };
}

function promptOf(messages: ChatMessage[]): { text: string; image?: { mimeType: string; data: string } } {
  const user = messages.find((m) => m.role === 'user');
  if (!user) throw new Error('policy guard: the request has no user message');
  if (typeof user.content === 'string') return { text: user.content };
  const text = user.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n');
  const image = user.content.find((p) => p.type === 'image');
  return {
    text,
    image: image?.type === 'image' ? { mimeType: image.mimeType, data: image.data } : undefined,
  };
}

/**
 * A training-free, model-agnostic defense: decides from the prompt alone whether the question may be answered
 * under the user's privacy instructions, and only then lets the model answer; otherwise it returns a polite
 * evasion without calling the model. Each response carries the decision and its reason.
 */
export function withPolicyGuard(model: Model, options: PolicyGuardOptions): Model {
  const guard = createPolicyGuard(options);
  return {
    id: `${model.id}+policy-guard`,
    label: `${model.label} + policy guard`,
    role: model.role,
    stats: () => model.stats(),
    async invoke<T>(
      request: ChatRequest<T>,
      callOptions?: { signal?: AbortSignal },
    ): Promise<ChatResponse<T>> {
      const t0 = performance.now();
      const { text, image } = promptOf(request.messages);
      const decision = await guard.decide(text, image);
      const trace = {
        defense: 'policy-guard',
        action: decision.action,
        reason: decision.reason,
        category: decision.category,
        instruction: decision.instruction,
        scenario: decision.scenario?.id,
      };
      if (decision.action === 'answer') {
        const response: DefendedResponse<T> = { ...(await model.invoke(request, callOptions)) };
        response.defense = trace;
        return response;
      }
      const response: DefendedResponse<T> = {
        text: guard.evasionText(decision),
        usage: { inputTokens: 0, outputTokens: 0 },
        costUsd: 0,
        cached: false,
        latencyMs: performance.now() - t0,
        modelId: `${model.id}+policy-guard`,
        defense: trace,
      };
      return response;
    },
  };
}

/** The offline engine's OCR and face detector as the guard's image evidence (structural, any such engine). */
export function engineImageEvidence(engine: {
  ocr(image: string): Promise<{ text: string }>;
  faces?(image: string): Promise<unknown[]>;
}): ImageEvidenceSource {
  return async (image) => {
    const [read, faces] = await Promise.all([
      engine.ocr(image.data),
      engine.faces?.(image.data) ?? Promise.resolve([]),
    ]);
    return { text: read.text, faces: faces.length };
  };
}
