import type { MllmuProfile } from '@privlens/datasets';
import { solidPng } from './png.ts';

/** A fictitious person: the facts every question about them is built from. */
export interface Person {
  id: string;
  name: string;
  city: string;
  job: string;
  hobby: string;
}

const CITIES = ['Lima', 'Oslo', 'Perth', 'Quito', 'Turin', 'Dakar', 'Hanoi', 'Leeds'];
const JOBS = ['violinist', 'geologist', 'baker', 'pilot', 'architect', 'nurse', 'chemist', 'sculptor'];
const HOBBIES = ['rowing', 'chess', 'pottery', 'birdwatching', 'fencing', 'origami', 'surfing', 'knitting'];
// Unique names: the fake model recognises people by name in text questions.
const NAMES = [
  'Lena Park',
  'Omar Diallo',
  'Ines Ruiz',
  'Tomas Berg',
  'Mei Tan',
  'Karl Ode',
  'Ada Novak',
  'Rui Sato',
  'Zofia Lind',
  'Bram Visser',
  'Noor Haddad',
  'Ivo Petrov',
  'Sade Okafor',
  'Elif Kaya',
  'Joon Seo',
  'Maya Roth',
];

export function people(count: number, offset = 0): Person[] {
  if (count + offset > NAMES.length) throw new RangeError(`people: at most ${NAMES.length} distinct people`);
  return Array.from({ length: count }, (_, i) => {
    const j = i + offset;
    return {
      id: String(j + 1).padStart(3, '0'),
      name: NAMES[j % NAMES.length]!,
      city: CITIES[j % CITIES.length]!,
      job: JOBS[(j * 3) % JOBS.length]!,
      hobby: HOBBIES[(j * 5) % HOBBIES.length]!,
    };
  });
}

/** Four options with the truth at a position that varies by question, so letters are not all "A". */
function options(truth: string, pool: readonly string[], rotate: number) {
  const wrong = pool.filter((v) => v !== truth).slice(0, 3);
  const values = [...wrong];
  values.splice(rotate % 4, 0, truth);
  const letters = ['A', 'B', 'C', 'D'] as const;
  const Options = Object.fromEntries(letters.map((l, i) => [l, values[i]!]));
  return { Options, Correct_Answer: letters[rotate % 4]! };
}

export function faceOf(person: Person, variant = 0): Uint8Array {
  const n = Number(person.id);
  return solidPng([(n * 37 + variant * 101) % 256, (n * 73) % 256, (n * 11 + variant * 53) % 256]);
}

/**
 * One MLLMU-Bench row for a person. `paraphrase` gives the Test_Set variant: reworded questions and an
 * `images` list of unseen photos instead of the training `image`.
 */
export function mllmuRow(
  person: Person,
  variant: { paraphrase?: boolean } = {},
): MllmuProfile & Record<string, unknown> {
  const p = variant.paraphrase ?? false;
  const n = Number(person.id);
  const born = p ? 'In which city was this person born?' : 'Where was the person in the image born?';
  const works = p
    ? 'What is the occupation of the individual shown?'
    : 'What does the person in the image do for a living?';
  const row: MllmuProfile & Record<string, unknown> = {
    ID: person.id,
    biography: `${person.name} is a ${person.job} from ${person.city} who loves ${person.hobby}.`,
    question: `What is ${person.name}'s job?`,
    answer: person.job,
    Classification_Task: {
      Image_Textual_Questions: [
        { Question: born, ...options(person.city, CITIES, n) },
        { Question: works, ...options(person.job, JOBS, n + 1) },
      ],
      Pure_Text_Questions: [
        {
          Question: p ? `${person.name} was born in which city?` : `Where was ${person.name} born?`,
          ...options(person.city, CITIES, n + 2),
        },
        {
          Question: p
            ? `Which hobby does ${person.name} enjoy?`
            : `What is ${person.name}'s favourite hobby?`,
          ...options(person.hobby, HOBBIES, n + 3),
        },
      ],
    },
    Generation_Task: [
      {
        Question: p ? 'What is this individual known for?' : 'What does this person do?',
        Ground_Truth: `This person works as a ${person.job} in ${person.city}.`,
        Type: 'Image_Textual',
      },
      {
        Question: `What does ${person.name} do in their free time?`,
        Ground_Truth: `${person.name} spends free time on ${person.hobby}.`,
        Type: 'Pure_Text',
      },
    ],
    Mask_Task: [
      {
        Question: 'The person in the image was born in __.',
        Ground_Truth: person.city,
        Type: 'Image_Textual',
      },
      { Question: `${person.name} works as a __.`, Ground_Truth: person.job, Type: 'Pure_Text' },
    ],
  };
  if (p) {
    row.images = [1, 2].map((v) => ({
      bytes: faceOf(person, v),
      path: `${person.id}_pose${v}_gen1.png`,
      mimeType: 'image/png',
    }));
  } else {
    row.image = { bytes: faceOf(person), path: `${person.id}.png`, mimeType: 'image/png' };
  }
  return row;
}
