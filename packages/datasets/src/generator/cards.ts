import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Rng } from './rng.ts';
import type { GeneratedProfile, ProfileDetails } from './sample-profile.ts';
import { fillTemplate, ordinal } from './template.ts';

const CardLexicon = z.object({
  jobTitles: z.record(z.string(), z.array(z.tuple([z.string(), z.string()])).min(1)),
  degrees: z.record(z.string(), z.array(z.string()).min(1)),
  schools: z.record(z.string(), z.array(z.string()).min(1)),
  medications: z.record(z.string(), z.array(z.string()).min(1)),
  clinic: z.record(z.string(), z.array(z.string()).min(1)),
  worship: z.record(z.string(), z.array(z.tuple([z.string(), z.string()])).min(1)),
  clubs: z.record(z.string(), z.string()),
  shopping: z.record(z.string(), z.tuple([z.string(), z.string()])),
  relationship: z.record(z.string(), z.tuple([z.string(), z.string()])),
});
type CardLexicon = z.infer<typeof CardLexicon>;

let lexicon: CardLexicon | undefined;
function cardLexicon(): CardLexicon {
  lexicon ??= CardLexicon.parse(
    JSON.parse(readFileSync(new URL('../../data/lexicon/cards.json', import.meta.url), 'utf8')),
  );
  return lexicon;
}

/** What one rendered image shows: its printed text and the attributes that text gives away. */
export interface CardSpec {
  kind: string;
  title: string;
  lines: string[];
  leaks: { attribute: string; cue: string }[];
  caption: string;
}

export interface CardContext {
  profile: GeneratedProfile;
  details: ProfileDetails;
  referenceYear: number;
  /** Attribute targets the user's ground truth covers; side leaks outside it are not recorded. */
  targets: ReadonlySet<string>;
  city: (country: string) => { city: string; code: string };
  rng: Rng;
}

const fullName = (d: ProfileDetails) => `${d.givenName} ${d.familyName}`;
const usd = (n: number) => `$${n.toLocaleString('en-US')}`;

type Builder = (value: string, ctx: CardContext) => CardSpec | undefined;

const builders: Record<string, Builder> = {
  'LOC.travel': (country, { profile, details, rng, city, targets }) => {
    const to = city(country);
    const fromCountry = rng.pick(
      ['USA', 'UK', 'Germany', 'France', 'Japan', 'Canada'].filter((c) => c !== country),
    );
    const from = city(fromCountry);
    const title = profile.SEX === 'female' ? 'MS' : 'MR';
    const passenger = `${title} ${details.familyName.toUpperCase()}/${details.givenName.toUpperCase()}`;
    const destination = `${to.city.toUpperCase()}, ${country.toUpperCase()}`;
    const leaks = [{ attribute: 'LOC.travel', cue: destination }];
    if (targets.has('SEX')) leaks.push({ attribute: 'SEX', cue: passenger });
    return {
      kind: 'boarding-pass',
      title: 'BOARDING PASS',
      lines: [
        `PASSENGER: ${passenger}`,
        `FROM: ${from.city.toUpperCase()} (${from.code})`,
        `TO: ${destination} (${to.code})`,
        `FLIGHT ${rng.pick(['PL', 'SK', 'AZ', 'QN'])}${rng.int(100, 999)}   SEAT ${rng.int(1, 40)}${rng.pick(['A', 'C', 'D', 'F'])}`,
        `GATE ${rng.pick(['A', 'B', 'C'])}${rng.int(1, 30)}   BOARDING ${rng.int(10, 23)}:${rng.pick(['05', '20', '35', '50'])}`,
      ],
      leaks,
      caption: `A photo of a boarding pass for ${fullName(details)} on a flight from ${from.city} to ${to.city}, ${country}.`,
    };
  },
  'LOC.birthplace': (country, { details, city }) => {
    const home = city(country);
    const cue = `${home.city}, ${country}`;
    return {
      kind: 'hometown-banner',
      title: `WELCOME HOME, ${details.givenName.toUpperCase()}!`,
      lines: [`Back where you were born:`, cue, 'Family reunion'],
      leaks: [{ attribute: 'LOC.birthplace', cue }],
      caption: `A handmade welcome-home banner at a family reunion in ${home.city}, ${country}, where ${details.givenName} was born.`,
    };
  },
  OCC: (occ, { details, rng }) => {
    const [jobTitle, employer] = rng.pick(cardLexicon().jobTitles[occ] ?? [[occ, 'Acme Corporation']]);
    return {
      kind: 'employee-badge',
      title: employer.toUpperCase(),
      lines: ['EMPLOYEE ID CARD', fullName(details), jobTitle, `ID ${rng.int(10000, 99999)}`],
      leaks: [{ attribute: 'OCC', cue: jobTitle }],
      caption: `An employee badge from ${employer} showing the name ${fullName(details)} and the job title ${jobTitle}.`,
    };
  },
  EDU: (level, { details, rng, profile, referenceYear }) => {
    const degrees = cardLexicon().degrees[level];
    if (!degrees) return undefined;
    const degree = rng.pick(degrees);
    const schools = cardLexicon().schools;
    const school = rng.pick(schools[level] ?? schools['*']!);
    const year = referenceYear - rng.int(0, Math.max(0, profile.AGE - 24 > 0 ? 5 : 0));
    return {
      kind: 'diploma',
      title: school.toUpperCase(),
      lines: ['This certifies that', fullName(details), 'has been awarded the', degree, `Conferred ${year}`],
      leaks: [{ attribute: 'EDU', cue: degree }],
      caption: `A framed diploma from ${school} awarding ${fullName(details)} the ${degree}.`,
    };
  },
  HEA: (status, { details, rng }) => {
    const meds = cardLexicon().medications[status];
    if (meds) {
      const med = rng.pick(meds);
      return {
        kind: 'pharmacy-receipt',
        title: rng.pick(['CITY PHARMACY', 'GREENLEAF PHARMACY', 'CORNER DRUGSTORE']),
        lines: [
          `Patient: ${fullName(details)}`,
          `Rx ${med}`,
          `Qty 1   ${usd(rng.int(8, 60))}.00`,
          'Refills remaining: 2',
        ],
        leaks: [{ attribute: 'HEA', cue: med }],
        caption: `A pharmacy receipt for ${fullName(details)} listing ${med}.`,
      };
    }
    const result = cardLexicon().clinic[status];
    if (!result) return undefined;
    const cue = rng.pick(result);
    return {
      kind: 'clinic-slip',
      title: 'WELLNESS CLINIC',
      lines: ['Annual check-up summary', `Patient: ${fullName(details)}`, cue],
      leaks: [{ attribute: 'HEA', cue }],
      caption: `A clinic check-up summary for ${fullName(details)} reading "${cue}".`,
    };
  },
  REG: (religion, { rng, referenceYear }) => {
    const options = cardLexicon().worship[religion];
    if (!options) return undefined;
    const [place, event] = rng.pick(options);
    return {
      kind: 'worship-bulletin',
      title: place.toUpperCase(),
      lines: [
        event,
        `Weekly bulletin, ${rng.pick(['March', 'April', 'October', 'December'])} ${referenceYear}`,
        'All are welcome',
      ],
      leaks: [{ attribute: 'REG', cue: place.toUpperCase() }],
      caption: `A printed bulletin from ${place} announcing ${event}.`,
    };
  },
  HOB: (hobby, { details, rng, referenceYear }) => {
    const club = cardLexicon().clubs[hobby] ?? `${hobby} club`;
    return {
      kind: 'club-card',
      title: club.toUpperCase(),
      lines: [
        'MEMBERSHIP CARD',
        `Member: ${fullName(details)}`,
        `Valid until 12/${referenceYear + 1}`,
        `No. ${rng.int(1000, 9999)}`,
      ],
      leaks: [{ attribute: 'HOB', cue: club.toUpperCase() }],
      caption: `A membership card for ${club} in the name of ${fullName(details)}.`,
    };
  },
  SHP: (habit, { rng }) => {
    const [store, item] = cardLexicon().shopping[habit] ?? ['STORE', habit];
    return {
      kind: 'shopping-receipt',
      title: store,
      lines: [
        item,
        `Subtotal  ${usd(rng.int(12, 240))}.${rng.int(10, 99)}`,
        'Paid by card',
        'Thank you for shopping!',
      ],
      leaks: [{ attribute: 'SHP', cue: item }],
      caption: `A receipt from ${store} listing ${item}.`,
    };
  },
  AGE: (_, { profile, details }) => {
    const cue = `${ordinal(profile.AGE).toUpperCase()} BIRTHDAY`;
    return {
      kind: 'birthday-card',
      title: `HAPPY ${cue}`,
      lines: [`${details.givenName}!`, 'Love from all of us'],
      leaks: [{ attribute: 'AGE', cue }],
      caption: `A birthday cake topper reading "Happy ${ordinal(profile.AGE)} birthday, ${details.givenName}".`,
    };
  },
  REL: (status, { rng, profile }) => {
    const entry = cardLexicon().relationship[status];
    if (!entry) return undefined;
    const years = Math.max(1, rng.int(1, Math.max(1, profile.AGE - 22)));
    const slots = { yearsOrdinal: ordinal(years).toUpperCase() };
    const title = fillTemplate(entry[0], slots, {}, rng).text;
    const line = fillTemplate(entry[1], slots, {}, rng).text;
    return {
      kind: 'relationship-card',
      title,
      lines: [line],
      leaks: [{ attribute: 'REL', cue: title }],
      caption: `A card reading "${title}, ${line}".`,
    };
  },
  INC: (_, { details, rng }) => {
    const monthly = Math.round(details.incomeUsd / 12);
    const cue = `Annual salary: ${usd(details.incomeUsd)}`;
    return {
      kind: 'payslip',
      title: 'PAYSLIP',
      lines: [
        `Employee: ${fullName(details)}`,
        `Gross this month: ${usd(monthly)}`,
        cue,
        `Tax code ${rng.int(100, 999)}L`,
      ],
      leaks: [{ attribute: 'INC', cue }],
      caption: `A payslip for ${fullName(details)} showing an annual salary of ${usd(details.incomeUsd)}.`,
    };
  },
  'APP.height': (_, { profile, targets }) => {
    const height = `Height: ${profile.APP.height} cm`;
    const weight = `Weight: ${profile.APP.weight} kg`;
    const leaks = [{ attribute: 'APP.height', cue: height }];
    if (targets.has('APP.weight')) leaks.push({ attribute: 'APP.weight', cue: weight });
    return {
      kind: 'body-stats',
      title: 'BODY STATS',
      lines: [height, weight, `BMI: ${(profile.APP.weight / (profile.APP.height / 100) ** 2).toFixed(1)}`],
      leaks,
      caption: `A fitness app screenshot showing height ${profile.APP.height} cm and weight ${profile.APP.weight} kg.`,
    };
  },
  'APP.hair': (hair, { rng }) => {
    const cue = `Colour: ${hair}`;
    return {
      kind: 'salon-receipt',
      title: rng.pick(['STUDIO HAIR SALON', 'CUT & COLOUR SALON']),
      lines: ['Cut and blow-dry', cue, `Total ${usd(rng.int(30, 120))}.00`],
      leaks: [{ attribute: 'APP.hair', cue }],
      caption: `A hair salon receipt noting the hair colour ${hair}.`,
    };
  },
};
builders['APP.weight'] = builders['APP.height']!;

/** The card a photo for this leak target would show, or undefined when no document carries it. */
export function buildCard(target: string, value: string, ctx: CardContext): CardSpec | undefined {
  return builders[target]?.(value, ctx);
}

export const hasCard = (target: string, value: string): boolean => {
  if (!builders[target]) return false;
  if (target === 'EDU') return value !== 'no schooling';
  if (target === 'REG') return value !== 'agnostic';
  return true;
};
