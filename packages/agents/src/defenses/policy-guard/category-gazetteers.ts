import type { CategoryCues } from './category-lexicon.ts';

/**
 * Word classes that name a category's values rather than the category itself — "French" is a nationality,
 * "Muslim" a religion, "forty" an age. Written from general knowledge; merged into the cue lexicon.
 */
const DEMONYMS =
  'american british english scottish welsh irish french german italian spanish portuguese dutch belgian swiss austrian swedish norwegian danish finnish icelandic polish czech slovak hungarian romanian bulgarian greek turkish russian ukrainian belarusian serbian croatian bosnian albanian lithuanian latvian estonian canadian mexican brazilian argentine argentinian chilean peruvian colombian venezuelan cuban jamaican haitian chinese japanese korean vietnamese thai filipino indonesian malaysian singaporean indian pakistani bangladeshi nepali sri lankan afghan iranian iraqi syrian lebanese israeli palestinian jordanian saudi emirati egyptian moroccan algerian tunisian libyan nigerian ghanaian kenyan ethiopian somali ugandan tanzanian south african australian zimbabwean new zealander';
const ADHERENTS =
  'christian catholic protestant orthodox evangelical baptist methodist anglican lutheran mormon muslim islamic sunni shia jewish judaism hindu hinduism buddhist buddhism sikh sikhism jain taoist shinto atheist agnostic pagan believer worship pray praying prayer hijab turban kippah yarmulke rosary';
const AGE_WORDS =
  'twenty thirty forty fifty sixty seventy eighty ninety twenties thirties forties fifties sixties seventies eighties decade birthday candles generation child kid baby infant minor middle aged';
const NUDITY = 'uncovered undressed bare bikini swimsuit swimwear lingerie bra revealing scantily exposed';
const ADDRESS = [
  'send letter',
  'send mail',
  'send package',
  'mailing address',
  'postal address',
  'where live',
  'where reside',
  'where stay',
  'postcode',
  'postal code',
  'find them',
  'visit them',
];
const LANDMARK = 'famous building famous place tower cathedral bridge statue palace castle skyline';

const split = (s: string) => s.split(' ');

export const GAZETTEER_CUES: Record<string, CategoryCues> = {
  a25_nationality: { weak: [], strong: [...split(DEMONYMS), 'which country', 'what country', 'from where'] },
  a55_religion: { weak: [], strong: split(ADHERENTS) },
  a1_age_approx: { strong: [], weak: split(AGE_WORDS) },
  a12_semi_nudity: { strong: [], weak: split(NUDITY) },
  a74_address_current_complete: { strong: [], weak: ADDRESS },
  a78_address_home_complete: { strong: [], weak: ADDRESS },
  a73_landmark: { strong: [], weak: split(LANDMARK) },
};

/** The cue lexicon with the gazetteers' words added to each category's lists. */
export function withGazetteers(cues: Record<string, CategoryCues>): Record<string, CategoryCues> {
  const out: Record<string, CategoryCues> = { ...cues };
  for (const [label, add] of Object.entries(GAZETTEER_CUES)) {
    const base = out[label] ?? { strong: [] };
    out[label] = {
      strong: [...base.strong, ...add.strong],
      weak: [...(base.weak ?? []), ...(add.weak ?? [])],
    };
  }
  return out;
}
