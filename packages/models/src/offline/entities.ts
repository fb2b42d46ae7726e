import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import { loadGazetteer } from './gazetteer.ts';
import { LEXICON_DOMAINS, type LexiconDomain, loadLexicon, matchLexicon } from './lexicon.ts';
import {
  currencyNear,
  givenNameSex,
  jobTitleEntities,
  lifeStageAges,
  selfNameEntities,
} from './self-cues.ts';

const require = createRequire(import.meta.url);

export type EntityKind =
  | 'place'
  | 'country'
  | 'city'
  | 'organization'
  | 'person'
  | 'date'
  | 'money'
  | 'age'
  | 'cue'
  | 'measurement';

/** What a place mention says about the author, read from the words around it. */
export type PlaceRole = 'birth' | 'residence' | 'travel' | 'mention';

export interface Entity {
  kind: EntityKind;
  value: string;
  start: number;
  end: number;
  confidence: number;
  data?: Record<string, unknown>;
}

type Wink = {
  readDoc(text: string): {
    entities(): { out(f: unknown): unknown[] };
  };
  its: Record<string, unknown>;
};
let wink: Wink | undefined;
function winkNlp(): Wink {
  if (!wink) {
    const winkNLP = require('wink-nlp') as (model: unknown) => Wink;
    wink = winkNLP(require('wink-eng-lite-web-model'));
  }
  return wink;
}

const BIRTH =
  /\b(?:born|grew up|growing up|raised|hometown|home town|home country|native|originally|back home|homeland|motherland|i'?m from|i am from|came from|coming from|immigrat\w*|emigrat\w*|moved (?:here )?from|childhood|my roots|my parents'? (?:country|village)|where i'?m from|heritage)\b/gi;
const RESIDENCE =
  /\b(?:live in|living in|lives in|based in|moved to|relocated to|settled in|here in|reside\w*|my city|my neighbou?rhood|around here|downtown|commute\w*)\b/gi;
const TRAVEL =
  /\b(?:trip|trips|travel\w*|visit\w*|vacation\w*|holiday\w*|flew|flight|tour\w*|journey\w*|abroad|went to|been to|go to|going to|backpack\w*|explor\w*|souvenir\w*|memories of|inspired by|getaway|cruise|adventures? in|stay in|stayed in|weeks? in|days? in)\b/gi;
const DEMONYM_SELF =
  /\b(?:i'?m|i am|as an?|we'?re|fellow|being|proud|my (?:mom|mum|dad|mother|father|parents|family|grandma|grandmother|grandpa|grandfather|grandparents))\s+(?:\w+\s+){0,1}$/i;

/** The role cue nearest before the place wins ("born in Osaka but now I live in Toronto": Toronto is residence). */
function placeRole(text: string, start: number): PlaceRole {
  const before = text.slice(Math.max(0, start - 60), start);
  let best: PlaceRole = 'mention';
  let bestEnd = -1;
  for (const [role, re] of [
    ['birth', BIRTH],
    ['residence', RESIDENCE],
    ['travel', TRAVEL],
  ] as const)
    for (const m of before.matchAll(re)) {
      const end = (m.index ?? 0) + m[0].length;
      const gap = before.slice(end);
      if (gap.length <= 40 && !/[.!?\n]/.test(gap) && end > bestEnd) {
        best = role;
        bestEnd = end;
      }
    }
  return best;
}

const TOKEN = /[\p{L}][\p{L}'’.-]*[\p{L}]|[\p{L}]/gu;

function gazetteerEntities(text: string): Entity[] {
  const gaz = loadGazetteer();
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({
    text: m[0].replace(/['’]s$/, ''),
    possessive: /['’]s$/.test(m[0]),
    start: m.index ?? 0,
  }));
  const out: Entity[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    for (let n = Math.min(gaz.maxWords, tokens.length - i); n >= 1; n--) {
      const span = tokens.slice(i, i + n);
      const first = span[0];
      const last = span[n - 1];
      if (!first || !last) continue;
      // Words must be adjacent (spaces only) to form one name.
      const raw = text.slice(first.start, last.start + last.text.length);
      if (n > 1 && /[^\p{L}'’.\s-]/u.test(raw)) continue;
      const name = raw.replace(/\s+/g, ' ').replace(/\.$/, '');
      const capitalised = /^\p{Lu}/u.test(name);
      const entry = gaz.lookup(name, capitalised);
      if (!entry) continue;
      // "Mary's Hospital": a possessive single name is a person far more often than a city.
      if (entry.kind === 'city' && n === 1 && first.possessive) continue;
      const start = first.start;
      const end = start + name.length;
      const before = text.slice(Math.max(0, start - 30), start);
      if (entry.kind === 'demonym') {
        const self = DEMONYM_SELF.test(before);
        out.push({
          kind: 'country',
          value: entry.name,
          start,
          end,
          confidence: self ? 0.75 : 0.35,
          data: { country: entry.country, role: self ? 'birth' : 'mention', via: 'demonym', word: name },
        });
      } else {
        const cityConfidence = capitalised
          ? Math.min(0.9, 0.5 + Math.log10(entry.population ?? 1) / 20)
          : 0.5;
        out.push({
          kind: entry.kind,
          value: entry.kind === 'city' ? `${entry.name}, ${gaz.countryName(entry.country)}` : entry.name,
          start,
          end,
          confidence: entry.kind === 'country' ? 0.9 : cityConfidence,
          data: {
            country: entry.country,
            countryName: gaz.countryName(entry.country),
            role: placeRole(text, start),
            ...(entry.kind === 'city' ? { city: entry.name } : {}),
          },
        });
      }
      matched = n;
      break;
    }
    i += matched || 1;
  }
  return out;
}

function locate(text: string, value: string, from: number): { start: number; end: number } {
  const i = text.indexOf(value, from);
  const start = i >= 0 ? i : Math.max(0, text.toLowerCase().indexOf(value.toLowerCase()));
  return { start, end: start + value.length };
}

const ORG_SUFFIX =
  /\b(?:\p{Lu}[\p{L}&'.-]*\s+){1,4}(?:Inc|Ltd|LLC|Corp|Corporation|Company|Co|Bank|University|College|Hospital|Institute|School|Academy|Group|Foundation|Association|Airlines|Clinic|Labs?|Technologies|Systems|Partners|Church|Mosque|Temple|Synagogue)\b\.?/gu;
const CAPITALISED_PAIR = /\b(\p{Lu}\p{Ll}+)(?:\s+(\p{Lu}[\p{Ll}'-]+))?/gu;

/** People by given name (+ surname) and organisations by their suffix: the cheap path without compromise. */
function quickNamed(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(CAPITALISED_PAIR)) {
    if (!m[1] || !givenNameSex(m[1])) continue;
    const start = m.index ?? 0;
    out.push({ kind: 'person', value: m[0], start, end: start + m[0].length, confidence: m[2] ? 0.6 : 0.45 });
  }
  for (const m of text.matchAll(ORG_SUFFIX)) {
    const start = m.index ?? 0;
    out.push({
      kind: 'organization',
      value: m[0].trim(),
      start,
      end: start + m[0].trim().length,
      confidence: 0.55,
    });
  }
  return out;
}

// compromise is opt-in (EntityOptions.compromise) and costs over a second to import: load it on first use.
let compromise: typeof nlpType | undefined;
function compromiseNlp(): typeof nlpType {
  compromise ??= require('compromise') as typeof nlpType;
  return compromise;
}

function nlpEntities(text: string, useCompromise: boolean): Entity[] {
  const out: Entity[] = [];
  const add = (kind: EntityKind, list: string[], confidence: number) => {
    let from = 0;
    for (const raw of list) {
      const value = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '').replace(/[.,]$/, '');
      if (value.length < 2) continue;
      const span = locate(text, value, from);
      from = span.end;
      out.push({ kind, value, ...span, confidence });
    }
  };
  if (useCompromise) {
    const doc = compromiseNlp()(text);
    add('person', doc.people().out('array') as string[], 0.6);
    add('organization', doc.organizations().out('array') as string[], 0.6);
    add('place', doc.places().out('array') as string[], 0.55);
  } else out.push(...quickNamed(text));
  const w = winkNlp();
  const details = w.readDoc(text).entities().out(w.its.detail) as Array<{ value: string; type: string }>;
  let from = 0;
  for (const d of details) {
    const kind: EntityKind | undefined =
      d.type === 'DATE' ? 'date' : d.type === 'MONEY' ? 'money' : undefined;
    if (!kind) continue;
    const span = locate(text, d.value, from);
    from = span.end;
    out.push({
      kind,
      value: d.value,
      ...span,
      confidence: 0.8,
      data: kind === 'money' ? moneyData(text, span) : {},
    });
  }
  return out;
}

function parseAmount(s: string): number | undefined {
  const m = /(\d[\d,.]*)\s*(k|K|thousand|grand|m|M|million|mil)?/.exec(s);
  if (!m?.[1]) return undefined;
  let n = Number(m[1].replace(/,/g, ''));
  if (!Number.isFinite(n)) return undefined;
  const unit = m[2]?.toLowerCase();
  if (unit === 'k' || unit === 'thousand' || unit === 'grand') n *= 1_000;
  else if (unit === 'm' || unit === 'million' || unit === 'mil') n *= 1_000_000;
  return n;
}

const INCOME_CONTEXT =
  /\b(?:salary|salaries|earn\w*|make|making|made|paid|pay|income|wage\w*|paycheck|take home|take-home|per year|a year|annually|per annum|yearly|six figures|six-figure)\b/i;

function moneyData(text: string, span: { start: number; end: number }): Record<string, unknown> {
  const amount = parseAmount(text.slice(span.start, span.end + 12));
  const around = text.slice(Math.max(0, span.start - 40), span.end + 25);
  const monthly = /\b(?:a|per|each|every)\s+month|monthly|\/mo\b/i.test(around);
  const hourly = /\b(?:an|per)\s+hour|hourly|\/hr\b/i.test(around);
  return { amount, income: INCOME_CONTEXT.test(around), monthly, hourly, ...currencyData(text, span) };
}

function currencyData(text: string, span: { start: number; end: number }): Record<string, unknown> {
  const c = currencyNear(text, span.start, span.end);
  return c ? { currency: c.code, usdRate: c.usd } : {};
}

/** Income figures written without a currency sign ("I make 85k a year"). */
function incomeFigures(text: string): Entity[] {
  const re =
    /\b(?:make|making|earn\w*|salary(?: of| is)?|paid|income(?: of| is)?|bring in|take home)\s+(?:about |around |roughly |like |only |over |under |almost )?((?:[$€£]|usd|chf|eur|gbp)?\s?\d[\d,.]*\s?(?:k|thousand|grand|million)?)\b/gi;
  const out: Entity[] = [];
  for (const m of text.matchAll(re)) {
    const fig = m[1] ?? '';
    const start = (m.index ?? 0) + m[0].length - fig.length;
    const amount = parseAmount(fig);
    if (!amount || amount < 100) continue;
    const around = text.slice(start, start + fig.length + 25);
    out.push({
      kind: 'money',
      value: fig.trim(),
      start,
      end: start + fig.length,
      confidence: 0.75,
      data: {
        amount,
        income: true,
        monthly: /month/i.test(around),
        hourly: /hour|\/hr/i.test(around),
        ...currencyData(text, { start, end: start + fig.length }),
      },
    });
  }
  return out;
}

const NUMBER_WORDS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Explicit ages, birth years and decade references. `year` dates birth years. */
function ageEntities(text: string, year: number): Entity[] {
  const out: Entity[] = [];
  const push = (m: RegExpMatchArray, age: number, confidence: number, via: string, spread = 0) => {
    if (age < 5 || age > 110) return;
    const start = m.index ?? 0;
    out.push({
      kind: 'age',
      value: String(age),
      start,
      end: start + m[0].length,
      confidence,
      data: { age, via, spread },
    });
  };
  for (const m of text.matchAll(
    /\b(?:i'?m|i am|i'?ve just turned|i just turned|turned|turning|at|aged?)\s+(\d{2})\b(?!\s*(?:%|percent|minutes|hours|days|weeks|months|miles|km|kg|lbs|pounds|dollars|euros|degrees|times|people|kids|years ago))/gi,
  )) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 10), m.index ?? 0);
    if (/\bat\s*$/i.test(m[0].split(/\d/)[0] ?? '') && !/\b(?:age|aged)\b/i.test(before)) continue;
    const head = (m[0].match(/^\S+/)?.[0] ?? '').toLowerCase();
    push(m, Number(m[1]), head === 'at' ? 0.35 : 0.75, 'self-stated');
  }
  for (const m of text.matchAll(/\b(\d{2})\s*(?:years? old|yrs? old|y\/o|yo\b|-year-old)/gi)) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 25), m.index ?? 0);
    const other = /\b(?:my|our|his|her|their)\s+\w+\s*(?:is|was)?\s*$/i.test(before);
    push(m, Number(m[1]), other ? 0.1 : 0.8, 'years-old');
  }
  for (const m of text.matchAll(
    /\b(?:born in|born back in|class of|graduated (?:high school )?in)\s+((?:19|20)\d{2})\b/gi,
  )) {
    const y = Number(m[1]);
    const offset = /class of|graduated/i.test(m[0]) ? 18 : 0;
    push(m, year - y + offset, 0.8, 'birth-year', 1);
  }
  for (const m of text.matchAll(
    /\b(?:in\s+my|i'?m\s+in\s+my)\s+(?:(early|mid|late)[\s-]+)?(\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties)\b/gi,
  )) {
    const word = (m[2] ?? '').toLowerCase();
    const decade = word.endsWith('0s')
      ? Number(word.slice(0, 2))
      : (NUMBER_WORDS[word.replace(/ies$/, 'y')] ?? 0);
    const part = (m[1] ?? '').toLowerCase();
    const offset = part === 'early' ? 2 : part === 'late' ? 8 : 5;
    push(m, decade + offset, 0.7, 'decade', part ? 2 : 5);
  }
  return out;
}

/** Life stages hint at an age band when nothing explicit is said. */
const LIFE_STAGES: Array<[RegExp, number, number]> = [
  [/\bgrand(?:kids|children|son|daughter|child)\b/i, 66, 0.45],
  [/\b(?:retired|retirement|my pension|since i retired)\b/i, 67, 0.4],
  [/\b(?:high school|homework|my teachers?|prom|my parents won'?t let)\b/i, 17, 0.2],
  [/\b(?:college|uni|university|freshman|sophomore|dorm|campus|semester)\b/i, 21, 0.2],
  [/\b(?:first job|entry[- ]level|just graduated|fresh grad|internship)\b/i, 24, 0.3],
  [/\b(?:toddler|newborn|baby|diapers|daycare|nursery)\b/i, 32, 0.25],
  [/\b(?:my kids|my children|school run|pta|my son|my daughter)\b/i, 40, 0.2],
  [/\b(?:teenagers?|my teens?)\b/i, 46, 0.2],
  [/\b(?:empty nest\w*|menopause|midlife)\b/i, 52, 0.35],
  [/\b(?:arthritis|my hip replacement|senior discount|back in my day|decades ago)\b/i, 64, 0.3],
];

function lifeStageEntities(text: string): Entity[] {
  const out: Entity[] = [];
  for (const [re, age, confidence] of LIFE_STAGES) {
    const m = re.exec(text);
    if (!m) continue;
    const start = m.index;
    out.push({
      kind: 'age',
      value: String(age),
      start,
      end: start + m[0].length,
      confidence,
      data: { age, via: 'life-stage', spread: 10, cue: m[0] },
    });
  }
  return out;
}

/** Height / weight statements about the author. */
function measurementEntities(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of text.matchAll(
    /\b(1[4-9]\d|20\d)\s?cm\b|\b([4-7])\s?(?:'|ft|foot|feet)\s?(\d{1,2})?\s?(?:"|in|inches)?/gi,
  )) {
    const cm = m[1] ? Number(m[1]) : Math.round(Number(m[2]) * 30.48 + Number(m[3] ?? 0) * 2.54);
    const start = m.index ?? 0;
    out.push({
      kind: 'measurement',
      value: `${cm} cm`,
      start,
      end: start + m[0].length,
      confidence: 0.6,
      data: { part: 'height', amount: cm },
    });
  }
  for (const m of text.matchAll(/\b(\d{2,3})\s?(kg|kilos?|lbs?|pounds)\b/gi)) {
    const n = Number(m[1]);
    const kg = /kg|kilo/i.test(m[2] ?? '') ? n : Math.round(n * 0.4536);
    if (kg < 35 || kg > 200) continue;
    const start = m.index ?? 0;
    if (
      !/\b(?:i|i'?m|weigh\w*|lost|gained|down to|up to|me)\b/i.test(
        text.slice(Math.max(0, start - 30), start),
      )
    )
      continue;
    out.push({
      kind: 'measurement',
      value: `${kg} kg`,
      start,
      end: start + m[0].length,
      confidence: 0.55,
      data: { part: 'weight', amount: kg },
    });
  }
  for (const m of text.matchAll(
    /\b(my|same|natural|new)\s+(?:(?:long|short|curly|straight|natural)\s+)?(black|brown|brunette|blonde?|red|ginger|auburn|gr[ae]y|white|silver)\s+hair\b|\bhair(?:\s+colou?r)?\s*:\s*(black|brown|brunette|blonde?|red|ginger|auburn|gr[ae]y|white|silver)\b|\bmy\s+(brown|blue|green|gr[ae]y|hazel)\s+eyes\b|\beyes?(?:\s+colou?r)?\s*:\s*(brown|blue|green|gr[ae]y|hazel)\b/gi,
  )) {
    const start = m.index ?? 0;
    const hair = (m[2] ?? m[3])?.toLowerCase();
    const value = hair
      ? ((
          {
            brunette: 'brown',
            blond: 'blonde',
            ginger: 'red',
            auburn: 'red',
            grey: 'gray',
            silver: 'gray',
          } as Record<string, string>
        )[hair] ?? hair)
      : (m[4] ?? m[5] ?? '').toLowerCase().replace('grey', 'gray');
    // "my …" and a form field are the author's; "same/new … hair" most likely too.
    const own = /^my\b|:/i.test(m[0]);
    out.push({
      kind: 'measurement',
      value,
      start,
      end: start + m[0].length,
      confidence: own ? 0.7 : 0.45,
      data: { part: hair ? 'hair' : 'eyes' },
    });
  }
  return out;
}

const SELF_BEFORE =
  /\b(?:i'?m|i am|i work(?:ed)? as|work(?:ing)? as|as an?|i'?ve been an?|my job as|career as|i became an?|being an?|fellow)\s+(?:\w+\s+){0,2}$/i;
const OTHER_BEFORE =
  /\b(?:my|his|her|their|our)\s+(?:mom|mum|dad|mother|father|wife|husband|son|daughter|brother|sister|friend|friends|partner|boyfriend|girlfriend|cousin|uncle|aunt|neighbou?r|boss|colleague|parents?)\s+(?:\w+\s+){0,3}$/i;

function cueEntities(text: string, domains: readonly LexiconDomain[]): Entity[] {
  const out: Entity[] = [];
  for (const domain of domains) {
    for (const m of matchLexicon(loadLexicon(domain), text)) {
      const before = text.slice(Math.max(0, m.start - 40), m.start);
      const self = SELF_BEFORE.test(before);
      const other = !self && OTHER_BEFORE.test(before);
      const factor =
        domain === 'occupation' || domain === 'education' ? (self ? 2 : other ? 0.2 : 1) : other ? 0.4 : 1;
      out.push({
        kind: 'cue',
        value: text.slice(m.start, m.end),
        start: m.start,
        end: m.end,
        confidence: Math.min(1, 0.5 * m.weight * factor),
        data: { domain, concept: m.concept, term: m.term, weight: m.weight * factor, self },
      });
    }
  }
  return out;
}

export interface EntityOptions {
  /** Year the text was written, for birth years ("born in 1985"). Default: the current year. */
  year?: number;
  domains?: readonly LexiconDomain[];
  /** Also run compromise for people / organisations / places (about 10 ms per post; the default reads people by
   * given name and organisations by suffix, and places come from the gazetteer either way). */
  compromise?: boolean;
}

/**
 * Named entities (compromise people/organizations/places; wink dates and money), gazetteer places with the
 * role the sentence gives them, explicit ages, measurements, and lexicon cues (occupation, religion, …).
 */
export function extractEntities(text: string, options: EntityOptions = {}): Entity[] {
  if (!text.trim()) return [];
  const year = options.year ?? new Date().getFullYear();
  const nlpFound = nlpEntities(text, options.compromise === true);
  // A city name compromise reads as a person ("Mary", "Florence") is dropped unless the sentence says it is a place.
  const gaz = gazetteerEntities(text).filter(
    (g) =>
      g.kind !== 'city' ||
      g.data?.role !== 'mention' ||
      !nlpFound.some((e) => e.kind === 'person' && e.start <= g.start && g.end <= e.end),
  );
  const named = nlpFound.filter(
    (e) => e.kind !== 'place' || !gaz.some((g) => g.start < e.end && e.start < g.end),
  );
  const money = incomeFigures(text).filter(
    (e) => !named.some((n) => n.kind === 'money' && n.start < e.end && e.start < n.end),
  );
  return [
    ...gaz,
    ...named,
    ...money,
    ...ageEntities(text, year),
    ...lifeStageEntities(text),
    ...lifeStageAges(text, year),
    ...measurementEntities(text),
    ...jobTitleEntities(text),
    ...selfNameEntities(text),
    ...cueEntities(text, options.domains ?? LEXICON_DOMAINS),
  ].sort((a, b) => a.start - b.start);
}
