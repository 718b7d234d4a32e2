/**
 * The special procedures' mandates (mechanism SP): the Human Rights Council's thematic mandates, and one country
 * mandate per State, kept as data so that a recommendation names the mandate that made it and clients filter on it.
 */
import { slug } from './identity.js';
import { stateCodeOf } from './state-names.js';
import { stateName } from './vocabulary.js';

export const MANDATE_KINDS = [
  'special_rapporteur',
  'working_group',
  'independent_expert',
  'special_representative',
] as const;
export type MandateKind = (typeof MANDATE_KINDS)[number];

export interface Mandate {
  /** Stable and URL-safe: `torture`, `arbitrary-detention`, `country-blr`. */
  id: string;
  kind: MandateKind;
  /** The mandate as the Council names it, shortened where the title runs on. */
  title: string;
}

interface ThematicMandate extends Mandate {
  /** Words that name it in a body value however shortened (`SR on torture`, `Special Rapporteur on torture…`). */
  matches: RegExp;
}

const sr = 'special_rapporteur';
const wg = 'working_group';
const ie = 'independent_expert';

/** Thematic mandates; the order settles names that fit two (trafficking in women before violence against women). */
export const THEMATIC_MANDATES: readonly ThematicMandate[] = [
  {
    id: 'albinism',
    kind: ie,
    title: 'Independent Expert on the enjoyment of human rights by persons with albinism',
    matches: /albinism/,
  },
  {
    id: 'african-descent',
    kind: wg,
    title: 'Working Group of Experts on People of African Descent',
    matches: /african descent/,
  },
  {
    id: 'arbitrary-detention',
    kind: wg,
    title: 'Working Group on Arbitrary Detention',
    matches: /arbitrary detention/,
  },
  {
    id: 'business',
    kind: wg,
    title: 'Working Group on business and human rights',
    matches: /business|transnational corporations/,
  },
  {
    id: 'climate-change',
    kind: sr,
    title: 'Special Rapporteur on human rights in the context of climate change',
    matches: /climate/,
  },
  {
    id: 'coercive-measures',
    kind: sr,
    title: 'Special Rapporteur on unilateral coercive measures',
    matches: /coercive measures/,
  },
  {
    id: 'counter-terrorism',
    kind: sr,
    title: 'Special Rapporteur on human rights while countering terrorism',
    matches: /terroris/,
  },
  {
    id: 'cultural-rights',
    kind: sr,
    title: 'Special Rapporteur in the field of cultural rights',
    matches: /cultural rights/,
  },
  {
    id: 'development',
    kind: sr,
    title: 'Special Rapporteur on the right to development',
    matches: /right to development|^development$/,
  },
  {
    id: 'disabilities',
    kind: sr,
    title: 'Special Rapporteur on the rights of persons with disabilities',
    matches: /disabilit/,
  },
  {
    id: 'discrimination-against-women',
    kind: wg,
    title: 'Working Group on discrimination against women and girls',
    matches: /discrimination against women/,
  },
  { id: 'education', kind: sr, title: 'Special Rapporteur on the right to education', matches: /education/ },
  {
    id: 'enforced-disappearances',
    kind: wg,
    title: 'Working Group on Enforced or Involuntary Disappearances',
    matches: /disappearance/,
  },
  {
    id: 'environment',
    kind: sr,
    title: 'Special Rapporteur on human rights and the environment',
    matches: /environment(?!ally sound)/,
  },
  {
    id: 'executions',
    kind: sr,
    title: 'Special Rapporteur on extrajudicial, summary or arbitrary executions',
    matches: /executions/,
  },
  {
    id: 'extreme-poverty',
    kind: sr,
    title: 'Special Rapporteur on extreme poverty and human rights',
    matches: /poverty/,
  },
  { id: 'food', kind: sr, title: 'Special Rapporteur on the right to food', matches: /\bfood\b/ },
  {
    id: 'foreign-debt',
    kind: ie,
    title: 'Independent Expert on foreign debt and human rights',
    matches: /foreign debt|\bdebt\b/,
  },
  {
    id: 'assembly-and-association',
    kind: sr,
    title: 'Special Rapporteur on the rights to freedom of peaceful assembly and of association',
    matches: /assembly|association/,
  },
  {
    id: 'expression',
    kind: sr,
    title: 'Special Rapporteur on freedom of opinion and expression',
    matches: /expression|opinion/,
  },
  {
    id: 'religion-or-belief',
    kind: sr,
    title: 'Special Rapporteur on freedom of religion or belief',
    matches: /religion|belief/,
  },
  { id: 'health', kind: sr, title: 'Special Rapporteur on the right to physical and mental health', matches: /health/ },
  {
    id: 'human-rights-defenders',
    kind: sr,
    title: 'Special Rapporteur on the situation of human rights defenders',
    matches: /defenders/,
  },
  {
    id: 'independence-of-judges',
    kind: sr,
    title: 'Special Rapporteur on the independence of judges and lawyers',
    matches: /judges|lawyers|judiciary/,
  },
  {
    id: 'indigenous-peoples',
    kind: sr,
    title: 'Special Rapporteur on the rights of Indigenous Peoples',
    matches: /indigenous/,
  },
  {
    id: 'internally-displaced',
    kind: sr,
    title: 'Special Rapporteur on the human rights of internally displaced persons',
    matches: /displaced|\bidps?\b/,
  },
  {
    id: 'international-order',
    kind: ie,
    title: 'Independent Expert on a democratic and equitable international order',
    matches: /international order/,
  },
  {
    id: 'international-solidarity',
    kind: ie,
    title: 'Independent Expert on human rights and international solidarity',
    matches: /solidarity/,
  },
  {
    id: 'leprosy',
    kind: sr,
    title: 'Special Rapporteur on discrimination against persons affected by leprosy',
    matches: /leprosy/,
  },
  { id: 'mercenaries', kind: wg, title: 'Working Group on the use of mercenaries', matches: /mercenar/ },
  { id: 'migrants', kind: sr, title: 'Special Rapporteur on the human rights of migrants', matches: /migrant/ },
  { id: 'minority-issues', kind: sr, title: 'Special Rapporteur on minority issues', matches: /minorit/ },
  {
    id: 'older-persons',
    kind: ie,
    title: 'Independent Expert on the enjoyment of all human rights by older persons',
    matches: /older persons|elderly/,
  },
  { id: 'privacy', kind: sr, title: 'Special Rapporteur on the right to privacy', matches: /privacy/ },
  {
    id: 'racism',
    kind: sr,
    title:
      'Special Rapporteur on contemporary forms of racism, racial discrimination, xenophobia and related intolerance',
    matches: /racism|racial|xenophobia/,
  },
  {
    id: 'sale-of-children',
    kind: sr,
    title: 'Special Rapporteur on the sale, sexual exploitation and sexual abuse of children',
    matches: /sale of children|sale and sexual|sexual exploitation|child prostitution|pornography/,
  },
  {
    id: 'sexual-orientation-gender-identity',
    kind: ie,
    title: 'Independent Expert on sexual orientation and gender identity',
    matches: /sexual orientation|gender identity|\bsogi\b/,
  },
  { id: 'slavery', kind: sr, title: 'Special Rapporteur on contemporary forms of slavery', matches: /slavery/ },
  { id: 'toxics', kind: sr, title: 'Special Rapporteur on toxics and human rights', matches: /toxic|hazardous|waste/ },
  {
    id: 'trafficking',
    kind: sr,
    title: 'Special Rapporteur on trafficking in persons, especially women and children',
    matches: /traffick/,
  },
  {
    id: 'truth-justice-reparation',
    kind: sr,
    title: 'Special Rapporteur on truth, justice, reparation and guarantees of non-recurrence',
    matches: /truth|reparation|non-recurrence/,
  },
  {
    id: 'violence-against-women',
    kind: sr,
    title: 'Special Rapporteur on violence against women and girls',
    matches: /violence against women/,
  },
  {
    id: 'water-and-sanitation',
    kind: sr,
    title: 'Special Rapporteur on the human rights to safe drinking water and sanitation',
    matches: /water|sanitation/,
  },
  { id: 'housing', kind: sr, title: 'Special Rapporteur on adequate housing', matches: /housing/ },
  {
    id: 'torture',
    kind: sr,
    title: 'Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment',
    matches: /torture/,
  },
  {
    id: 'children-armed-conflict',
    kind: 'special_representative',
    title: 'Special Representative of the Secretary-General for children and armed conflict',
    matches: /armed conflict/,
  },
  {
    id: 'violence-against-children',
    kind: 'special_representative',
    title: 'Special Representative of the Secretary-General on violence against children',
    matches: /violence against children/,
  },
];

const KIND_PREFIX =
  /^(?:(sr|special rapporteurs?)|(wg|working group(?: of experts)?)|(ie|independent experts?)|(srsg|sre?|special representatives?(?: of the secretary-general)?|special envoy|expert designated))\b\s*/;
const COUNTRY = /^(?:(?:on|for|in)\s+)?(?:the\s+)?(?:situation of human rights in\s+)?(?:the\s+)?(.+)$/i;

/**
 * The mandate a special procedure's name designates (`SR on torture`, `Special Rapporteur on the situation of
 * human rights in Belarus`, `WG Arbitrary Detention`), or undefined when the name fits none.
 */
export function mandateNamed(name: string): Mandate | undefined {
  const written = name
    .replace(/^\s*-\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const text = written.toLowerCase();
  const prefix = KIND_PREFIX.exec(text);
  const rest = prefix ? text.slice(prefix[0].length) : text;
  // The State is looked up as written: `DPRK` is an abbreviation, `dprk` no longer one.
  const country = countryMandate(prefix ? written.slice(prefix[0].length) : written, kindOf(prefix));
  if (country) return country;
  const thematic = THEMATIC_MANDATES.find((mandate) => mandate.matches.test(rest));
  return thematic && { id: thematic.id, kind: thematic.kind, title: thematic.title };
}

/** A mandate for a name that fits none: kept as the body wrote it, with an id made from it. */
export function unlistedMandate(name: string): Mandate {
  const title = name
    .replace(/^\s*-\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const prefix = KIND_PREFIX.exec(title.toLowerCase());
  return { id: slug(title).slice(0, 80), kind: kindOf(prefix), title };
}

/** The mandate with this id: a thematic one, or a country one (`country-blr`). */
export function mandateById(id: string): Mandate | undefined {
  const thematic = THEMATIC_MANDATES.find((mandate) => mandate.id === id);
  if (thematic) return { id: thematic.id, kind: thematic.kind, title: thematic.title };
  const country = /^country-([a-z]{3})$/.exec(id);
  const state = country ? country[1]!.toUpperCase() : undefined;
  const name = state ? stateName(state) : undefined;
  return state && name ? countryMandateOf(state, name, 'special_rapporteur') : undefined;
}

function kindOf(prefix: RegExpExecArray | null): MandateKind {
  if (prefix?.[2]) return 'working_group';
  if (prefix?.[3]) return 'independent_expert';
  if (prefix?.[4]) return 'special_representative';
  return 'special_rapporteur';
}

function countryMandate(rest: string, kind: MandateKind): Mandate | undefined {
  const place = COUNTRY.exec(rest)?.[1] ?? rest;
  if (/palestinian territor/i.test(place)) return countryMandateOf('PSE', 'the occupied Palestinian territory', kind);
  const state = stateCodeOf(place);
  const name = state ? stateName(state) : undefined;
  return state && name ? countryMandateOf(state, name, kind) : undefined;
}

const KIND_TITLE: Readonly<Record<MandateKind, string>> = {
  special_rapporteur: 'Special Rapporteur',
  working_group: 'Working Group',
  independent_expert: 'Independent Expert',
  special_representative: 'Special Representative',
};

function countryMandateOf(state: string, name: string, kind: MandateKind): Mandate {
  return {
    id: `country-${state.toLowerCase()}`,
    kind,
    title: `${KIND_TITLE[kind]} on the situation of human rights in ${name}`,
  };
}
