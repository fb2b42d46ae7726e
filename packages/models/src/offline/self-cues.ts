import { readFileSync } from 'node:fs';
import type { Entity } from './entities.ts';

/** What the author says about themselves beyond lexicon terms: job titles, given names, life-stage ages, currencies. */

function readData<T>(path: string): T {
  const url = new URL(`../../data/${path}`, import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as T;
  } catch (err) {
    throw new Error(`offline engine: cannot read ${url.pathname}: ${(err as Error).message}`);
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let jobs: { re: RegExp; concept: Map<string, string> } | undefined;
function jobTitles() {
  if (jobs) return jobs;
  const file = readData<{ titles: Record<string, string> }>('lexicons/jobs.json');
  const titles = Object.keys(file.titles).sort((a, b) => b.length - a.length);
  const alt = titles.map((t) => escapeRegex(t).replace(/ /g, '[\\s-]+')).join('|');
  // "I'm a (senior) nurse", "I work as an analyst", "my job as a …", "retired teacher here".
  const re = new RegExp(
    `\\b(?:i'?m|i am|i work(?:ed)? as|working as|work as|i'?ve been|i was|been working as|my job as|career as|i became|became|trained as|qualified as|as|fellow|me,)\\s+(?:an?\\s+)?((?:[\\p{L}-]+\\s+){0,2}?)(${alt})(?:s)?(?![\\p{L}])`,
    'giu',
  );
  jobs = { re, concept: new Map(Object.entries(file.titles)) };
  return jobs;
}

/** Words before a title that make it someone else's ("my dad was a nurse") or not a job ("as a kid"). */
const NOT_SELF = /\b(?:my|his|her|their|our|your|whose)\s+(?:[\w'-]+\s+){0,3}$/i;

export function jobTitleEntities(text: string): Entity[] {
  const { re, concept } = jobTitles();
  const out: Entity[] = [];
  for (const m of text.matchAll(re)) {
    const title = (m[2] ?? '').toLowerCase().replace(/[\s-]+/g, ' ');
    const start = (m.index ?? 0) + m[0].toLowerCase().lastIndexOf((m[2] ?? '').toLowerCase());
    if (NOT_SELF.test(text.slice(Math.max(0, (m.index ?? 0) - 30), m.index ?? 0))) continue;
    const head = m[0].split(/\s+/)[0]?.toLowerCase() ?? '';
    const weak = head === 'as' || head === 'fellow' || head === 'i was' || head === 'became';
    const retired = /\bretired\s*$/i.test(m[1] ?? '');
    out.push({
      kind: 'cue',
      value: title,
      start,
      end: start + (m[2]?.length ?? 0),
      confidence: weak ? 0.6 : 0.9,
      data: {
        domain: 'occupation',
        concept: retired ? 'retired' : (concept.get(title) ?? title),
        term: title,
        title,
        weight: weak ? 1.2 : 2,
        self: true,
      },
    });
  }
  return out;
}

let names: Map<string, 'male' | 'female'> | undefined;
function givenNames() {
  if (names) return names;
  const file = readData<{ female: string[]; male: string[] }>('lexicons/names.json');
  names = new Map();
  for (const n of file.female) names.set(n, 'female');
  for (const n of file.male) names.set(n, 'male');
  // A name on both lists says nothing.
  for (const n of file.female) if (file.male.includes(n)) names.delete(n);
  return names;
}

export function givenNameSex(name: string): 'male' | 'female' | undefined {
  return givenNames().get(name.toLowerCase());
}

/** A given name the author signs or introduces with: a sex cue. */
export function selfNameEntities(text: string): Entity[] {
  const out: Entity[] = [];
  const push = (name: string, start: number, confidence: number) => {
    const sex = givenNameSex(name);
    if (!sex) return;
    out.push({
      kind: 'cue',
      value: name,
      start,
      end: start + name.length,
      confidence,
      data: { domain: 'sex', concept: sex, term: 'given name', weight: 1, self: true, via: 'name' },
    });
  };
  for (const m of text.matchAll(
    /\b(?:my name is|my name's|i'?m|i am|this is|call me|name's|it's)\s+(\p{Lu}[\p{Ll}'-]+)(?=[\s,.!?]|$)/gu,
  ))
    push(m[1] ?? '', (m.index ?? 0) + m[0].length - (m[1]?.length ?? 0), 0.7);
  // Travel documents write names SURNAME/GIVEN (IATA), often with a title: "SILVA/BEATRIZ MS".
  for (const m of text.matchAll(/\b\p{Lu}{2,}\/(\p{Lu}{2,})\b/gu))
    push(m[1] ?? '', (m.index ?? 0) + m[0].length - (m[1]?.length ?? 0), 0.6);
  // Sign-offs: "Cheers, Anna" / "- Mike" on the last line.
  const sign =
    /(?:^|\n)\s*(?:(?:cheers|thanks|best|regards|love|xoxo|sincerely)[,!]?\s+|[-–—~]\s*)(\p{Lu}[\p{Ll}'-]+)\s*$/u.exec(
      text,
    );
  if (sign) push(sign[1] ?? '', (sign.index ?? 0) + sign[0].lastIndexOf(sign[1] ?? ''), 0.6);
  return out;
}

const GENERATIONS: Array<[RegExp, number]> = [
  [/\b(?:gen(?:eration)?[\s-]?z|zoomers?)\b/i, 2003],
  [/\bmillennials?\b/i, 1988],
  [/\bgen(?:eration)?[\s-]?x(?:er)?s?\b/i, 1973],
  [/\b(?:baby[\s-]?)?boomers?\b/i, 1955],
];
const SELF_GROUP = /\b(?:i'?m|i am|as|fellow|us|we|being)\s+(?:an?\s+|the\s+|a\s+typical\s+|other\s+)?$/i;

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
};
const num = (s: string | undefined) => (s ? (NUMBER_WORDS[s.toLowerCase()] ?? Number(s)) : Number.NaN);
const NUM = '(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)';

// Built from NUM once at load: lifeStageAges runs on every post.
const YEARS_IN_WORK = new RegExp(
  `\\b(?:${NUM})\\+?\\s+years?\\s+(?:of\\s+(?:experience|work|working|teaching|nursing|practice|service)|in\\s+(?:the|this)\\s+(?:industry|field|business|trade|job|profession)|on\\s+the\\s+job|into\\s+my\\s+career)`,
  'gi',
);
const BEEN_FOR_YEARS = new RegExp(
  `\\b(?:i'?ve|i have)\\s+been\\s+(?:an?\\s+[\\w-]+(?:\\s+[\\w-]+)?|working|teaching|nursing|driving|cooking|coding)\\s+(?:for\\s+)?(?:over\\s+|almost\\s+|nearly\\s+|about\\s+)?${NUM}\\s+years`,
  'gi',
);
const CHILD_TURNED = new RegExp(
  `\\bmy\\s+(?:son|daughter|kid|boy|girl|little one|eldest|youngest)\\s+(?:is|just turned|turned|turns)\\s+${NUM}\\b`,
  'gi',
);

/** Ages implied by life stage: years of experience, children's ages, generations, childhood decades, birthdays. */
export function lifeStageAges(text: string, year: number): Entity[] {
  const out: Entity[] = [];
  const push = (m: RegExpMatchArray, age: number, confidence: number, via: string, spread: number) => {
    if (!Number.isFinite(age) || age < 12 || age > 100) return;
    const start = m.index ?? 0;
    out.push({
      kind: 'age',
      value: String(Math.round(age)),
      start,
      end: start + m[0].length,
      confidence,
      data: { age: Math.round(age), via, spread, cue: m[0] },
    });
  };
  // Career length: people start working around 22.
  for (const m of text.matchAll(YEARS_IN_WORK))
    push(m, 23 + num(/^\S+/.exec(m[0])?.[0].replace(/\+$/, '')), 0.4, 'career-length', 6);
  for (const m of text.matchAll(BEEN_FOR_YEARS)) push(m, 23 + num(m[1]), 0.4, 'career-length', 6);
  for (const m of text.matchAll(/\bretired\s+(?:for\s+)?(\d{1,2})\s+years/gi))
    push(m, 65 + num(m[1]), 0.5, 'retired-for', 4);
  // Parents are about 30 years older than their children.
  for (const m of text.matchAll(
    /\bmy\s+(\d{1,2})[\s-]*(?:year|yr)s?[\s-]*old(?:\s+(?:son|daughter|kid|boy|girl|child|twins|baby|toddler))?/gi,
  ))
    push(m, 30 + num(m[1]), 0.35, 'child-age', 7);
  for (const m of text.matchAll(CHILD_TURNED)) push(m, 30 + num(m[1]), 0.35, 'child-age', 7);
  for (const m of text.matchAll(/\bmy\s+(\d{2})(?:st|nd|rd|th)\s+birthday/gi))
    push(m, num(m[1]), 0.7, 'birthday', 1);
  for (const m of text.matchAll(
    /\b(?:graduated|graduating|finished)\s+(?:from\s+)?(?:college|uni|university)\s+in\s+((?:19|20)\d{2})\b/gi,
  ))
    push(m, year - Number(m[1]) + 22, 0.6, 'graduation-year', 2);
  for (const m of text.matchAll(
    /\b(?:when i was (?:a kid|a child|little|young|a teen(?:ager)?)|growing up|grew up|as a kid|as a child|my childhood)\b[^.!?\n]{0,40}?\b(?:in\s+)?the\s+'?(?:19)?([2-9]0)s\b/gi,
  ))
    push(m, year - (1900 + Number(m[1]) + 5) + 10, 0.4, 'childhood-decade', 6);
  for (const [re, born] of GENERATIONS) {
    const m = re.exec(text);
    if (!m) continue;
    const self = SELF_GROUP.test(text.slice(Math.max(0, m.index - 20), m.index));
    push(m as RegExpMatchArray, year - born, self ? 0.5 : 0.15, 'generation', 7);
  }
  return out;
}

interface CurrencyFile {
  usd: Record<string, number>;
  aliases: Record<string, string>;
}
let currencies: { file: CurrencyFile; re: RegExp } | undefined;
function currencyTable() {
  if (currencies) return currencies;
  const file = readData<CurrencyFile>('gazetteer/currencies.json');
  const keys = [...Object.keys(file.aliases), ...Object.keys(file.usd).map((k) => k.toLowerCase())].sort(
    (a, b) => b.length - a.length,
  );
  const alt = keys.map((k) => escapeRegex(k).replace(/ /g, '\\s+')).join('|');
  currencies = { file, re: new RegExp(`(?:^|[^\\p{L}])(${alt})(?![\\p{L}])`, 'giu') };
  return currencies;
}

/** The currency written next to an amount (symbol before, code or word after): ISO code and USD rate. */
export function currencyNear(
  text: string,
  start: number,
  end: number,
): { code: string; usd: number } | undefined {
  const { file, re } = currencyTable();
  const windows = [text.slice(Math.max(0, start - 6), end + 1), text.slice(start, end + 30)];
  for (const w of windows) {
    re.lastIndex = 0;
    for (const m of w.matchAll(re)) {
      const key = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
      const code = file.aliases[key] ?? (file.usd[key.toUpperCase()] ? key.toUpperCase() : undefined);
      const usd = code ? file.usd[code] : undefined;
      if (code && usd) return { code, usd };
    }
  }
  return undefined;
}
