import { stemWord } from './text.ts';

/**
 * Synonym classes for the settings a question can be framed in, written from general knowledge (roles,
 * places, documents and activities of each domain). Each word counts as its class's first word, so "nurse at
 * a hospital" and "doctor ... healthcare consultation" share terms. Independent of any one scenario's wording.
 */
export const SETTING_CLASSES: readonly string[] = [
  'doctor physician nurse clinician medic gp surgeon therapist paramedic caregiver pharmacist dentist',
  'hospital clinic ward surgery infirmary practice healthcare medical health',
  'patient diagnosis diagnose consultation checkup treatment chart symptom',
  'border customs immigration checkpoint crossing frontier',
  'traveler traveller passenger tourist visitor',
  'security screening screen checkpoint inspection inspect',
  'airport flight boarding plane airline gate departure tsa',
  'police detective investigator officer cop sheriff forensic law enforcement',
  'crime criminal investigation suspect evidence offence offense',
  'job recruiter recruitment hiring applicant candidate employer hr resume cv vacancy position',
  'apply application applying',
  'social instagram facebook twitter tiktok network feed',
  'post posts posting share shared sharing publish',
  'school enroll enrolment enrollment registrar admissions pupil kindergarten primary',
  'student course university college campus learning education elearning class',
  'online internet website web digital',
  'dating match matchmaking romance tinder',
  'profile account',
  'hotel reception receptionist front desk lodging inn motel',
  'guest check checkin',
  'voting vote voter poll polling ballot election electoral',
  'commerce ecommerce shop shopping store purchase buyer checkout order retailer merchant',
  'payment transaction fraud',
  'festival carnival fair parade celebration heritage',
  'cultural culture tradition traditional',
  'family relatives reunion cousin cousins sibling parents grandparents gathering',
  'emergency ambulance 911 rescue responder dispatch accident crisis disaster first aid',
  'networking mixer meetup conference professional business',
  'legal lawsuit court lawyer attorney paralegal law firm litigation case',
  'document documentation paperwork files submission submit',
  'vehicle car motorcycle van truck dmv motor',
  'registration register registry sign signup',
  'forum board community discussion thread moderator moderate',
  'wedding marriage bride groom ceremony reception',
  'research researcher study scientific science lab laboratory academic experiment annotate',
  'bank banking account verification verify kyc',
  'workplace office company colleagues team coworkers staff offsite retreat',
  'fitness workout exercise gym training trainer coach tracking tracker',
];

// Keyed by word and by stem, so "registering" finds "register" and "clinics" finds "clinic".
const byWord = new Map<string, string>();
for (const line of SETTING_CLASSES) {
  const [head, ...rest] = line.split(' ');
  for (const w of [head as string, ...rest])
    for (const key of [w, stemWord(w)]) if (!byWord.has(key)) byWord.set(key, head as string);
}

/** The class head of a lower-cased word, or the word itself. */
export function settingConcept(word: string): string {
  return byWord.get(word) ?? word;
}
