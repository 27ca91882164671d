import type { Random } from './random';

const FIRST = [
  'Anna',
  'Bram',
  'Chloé',
  'Daan',
  'Eva',
  'Finn',
  'Greta',
  'Hugo',
  'Ines',
  'Jesse',
  'Kim',
  'Lars',
  'Maud',
  'Noah',
  'Olga',
  'Pieter',
  'Quinn',
  'Roos',
  'Sven',
  'Tess',
  'Umar',
  'Vera',
  'Wim',
  'Xena',
  'Yara',
  'Zeno',
  'Lotte',
  'Milan',
  'Sara',
  'Jonas',
];
const LAST = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
  'de Graaf',
  'van der Meer',
  'Kok',
  'Jacobs',
  'de Haan',
  'Vermeulen',
];

export interface DemoPerson {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

/** A made-up customer; the email domain is reserved for examples, so no mail reaches anyone. */
export function demoPerson(random: Random, index: number): DemoPerson {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  return {
    name: `${first} ${last}`,
    email: `${local}.${index + 1}@example.com`,
    phone: `+3161${String(random.int(0, 9_999_999)).padStart(7, '0')}`,
  };
}
