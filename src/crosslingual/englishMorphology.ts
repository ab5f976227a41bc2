/**
 * English lemma candidates for dictionary lookup. Deliberately over-generates ("boxes" → box, boxe,
 * boxes): the dictionary decides which candidates are words, so a wrong guess costs only a miss.
 * Order matters: the word itself first, then irregular forms, then suffix rules from the most to
 * the least specific, because translateQuery trusts earlier candidates more.
 */

/** Common irregular forms → lemma(s). Only what questions about news actually use. */
const IRREGULAR: Readonly<Record<string, readonly string[]>> = {
  // be / have / do
  am: ['be'],
  is: ['be'],
  are: ['be'],
  was: ['be'],
  were: ['be'],
  been: ['be'],
  being: ['be'],
  has: ['have'],
  had: ['have'],
  having: ['have'],
  does: ['do'],
  did: ['do'],
  done: ['do'],
  // verbs
  went: ['go'],
  gone: ['go'],
  goes: ['go'],
  came: ['come'],
  became: ['become'],
  began: ['begin'],
  begun: ['begin'],
  built: ['build'],
  bought: ['buy'],
  brought: ['bring'],
  caught: ['catch'],
  chose: ['choose'],
  chosen: ['choose'],
  dealt: ['deal'],
  drew: ['draw'],
  drawn: ['draw'],
  drove: ['drive'],
  driven: ['drive'],
  ate: ['eat'],
  eaten: ['eat'],
  fell: ['fall'],
  fallen: ['fall'],
  felt: ['feel'],
  fought: ['fight'],
  found: ['find', 'found'],
  flew: ['fly'],
  flown: ['fly'],
  forgot: ['forget'],
  froze: ['freeze'],
  got: ['get'],
  gotten: ['get'],
  gave: ['give'],
  given: ['give'],
  grew: ['grow'],
  grown: ['grow'],
  heard: ['hear'],
  held: ['hold'],
  hid: ['hide'],
  hidden: ['hide'],
  kept: ['keep'],
  knew: ['know'],
  known: ['know'],
  laid: ['lay'],
  led: ['lead'],
  left: ['leave', 'left'],
  lent: ['lend'],
  lay: ['lie', 'lay'],
  lain: ['lie'],
  lost: ['lose'],
  made: ['make'],
  meant: ['mean'],
  met: ['meet'],
  paid: ['pay'],
  ran: ['run'],
  rang: ['ring'],
  rose: ['rise'],
  risen: ['rise'],
  rode: ['ride'],
  said: ['say'],
  saw: ['see'],
  seen: ['see'],
  sold: ['sell'],
  sent: ['send'],
  shot: ['shoot'],
  shook: ['shake'],
  showed: ['show'],
  shown: ['show'],
  sang: ['sing'],
  sung: ['sing'],
  sank: ['sink'],
  sat: ['sit'],
  slept: ['sleep'],
  spoke: ['speak'],
  spoken: ['speak'],
  spent: ['spend'],
  stood: ['stand'],
  stole: ['steal'],
  stolen: ['steal'],
  struck: ['strike'],
  swam: ['swim'],
  took: ['take'],
  taken: ['take'],
  taught: ['teach'],
  told: ['tell'],
  thought: ['think'],
  threw: ['throw'],
  thrown: ['throw'],
  understood: ['understand'],
  woke: ['wake'],
  wore: ['wear'],
  worn: ['wear'],
  won: ['win'],
  wrote: ['write'],
  written: ['write'],
  born: ['bear', 'born'],
  borne: ['bear'],
  broke: ['break'],
  broken: ['break'],
  fled: ['flee'],
  forbade: ['forbid'],
  hung: ['hang'],
  sought: ['seek'],
  spread: ['spread'],
  withdrew: ['withdraw'],
  withdrawn: ['withdraw'],
  overthrew: ['overthrow'],
  overthrown: ['overthrow'],
  undertook: ['undertake'],
  arose: ['arise'],
  arisen: ['arise'],
  bore: ['bear'],
  beat: ['beat'],
  beaten: ['beat'],
  bit: ['bite'],
  bitten: ['bite'],
  blew: ['blow'],
  blown: ['blow'],
  bled: ['bleed'],
  fed: ['feed'],
  forgave: ['forgive'],
  forgiven: ['forgive'],
  ground: ['grind', 'ground'],
  mistook: ['mistake'],
  overcame: ['overcome'],
  rebuilt: ['rebuild'],
  shrank: ['shrink'],
  slid: ['slide'],
  stuck: ['stick'],
  swore: ['swear'],
  tore: ['tear'],
  torn: ['tear'],
  wove: ['weave'],
  woven: ['weave'],
  wound: ['wind', 'wound'],
  // nouns
  men: ['man'],
  women: ['woman'],
  children: ['child'],
  people: ['people', 'person'],
  feet: ['foot'],
  teeth: ['tooth'],
  mice: ['mouse'],
  geese: ['goose'],
  oxen: ['ox'],
  lives: ['life', 'live'],
  wives: ['wife'],
  knives: ['knife'],
  leaves: ['leaf', 'leave'],
  halves: ['half'],
  wolves: ['wolf'],
  shelves: ['shelf'],
  thieves: ['thief'],
  criteria: ['criterion'],
  phenomena: ['phenomenon'],
  data: ['data', 'datum'],
  media: ['media', 'medium'],
  analyses: ['analysis'],
  crises: ['crisis'],
  theses: ['thesis'],
  bases: ['base', 'basis'],
  indices: ['index'],
  matrices: ['matrix'],
  // adjectives
  better: ['good', 'well'],
  best: ['good', 'well'],
  worse: ['bad'],
  worst: ['bad'],
  more: ['more', 'many', 'much'],
  less: ['less', 'little'],
  least: ['little'],
  further: ['far', 'further'],
  farther: ['far'],
  elder: ['old'],
  eldest: ['old'],
};

const VOWELS = /[aeiouy]/;

function isConsonant(char: string | undefined): boolean {
  return !!char && /[a-z]/.test(char) && !/[aeiou]/.test(char);
}

/** Candidates for a stem left after cutting -ed/-ing/-er/-est: undoubling and e-restoration. */
function stemVariants(stem: string): string[] {
  if (stem.length < 2 || !VOWELS.test(stem)) return [];
  // A two-letter stem is only ever a lemma with its e restored: used → use (not "us").
  if (stem.length === 2) return [`${stem}e`];
  const out = [stem];
  const last = stem[stem.length - 1];
  const beforeLast = stem[stem.length - 2];
  // stopped → stopp → stop; but a doubled l/s/z is usually part of the lemma (called → call), so
  // there the undoubled form comes last.
  if (last && last === beforeLast && isConsonant(last)) {
    if (/[lsz]/.test(last)) out.push(stem.slice(0, -1));
    else out.unshift(stem.slice(0, -1));
  }
  // located → locat → locate; closing → clos → close
  out.push(`${stem}e`);
  return out;
}

/**
 * Lemma candidates for one English word, most likely first; always starts with the lower-cased
 * word itself (possessive removed). Handles plurals (-s, -es, -ies, -ves), -ed/-ing with
 * undoubling and e-restoration, -er/-est, -ly, and a table of common irregular forms.
 */
export function lemmaCandidates(word: string): string[] {
  const lower = word
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/'s$|'$/, '');
  const out: string[] = [];
  const add = (candidate: string): void => {
    if (candidate.length >= 2 && !out.includes(candidate)) out.push(candidate);
  };
  if (!lower) return out;
  out.push(lower);
  if (lower.length < 3 || !/^[a-z]+$/.test(lower)) return out;

  const irregular = IRREGULAR[lower];
  if (irregular) {
    // Suffix rules would only add noise here ("was" → "wa", "has" → "ha").
    for (const lemma of irregular) add(lemma);
    return out;
  }

  // Plurals and 3rd person singular.
  if (lower.endsWith('ies') && lower.length > 4) add(`${lower.slice(0, -3)}y`);
  if (lower.endsWith('ves') && lower.length > 4) {
    add(`${lower.slice(0, -3)}f`);
    add(`${lower.slice(0, -3)}fe`);
  }
  if (/(?:ss|sh|ch|x|z|o)es$/.test(lower)) add(lower.slice(0, -2));
  if (lower.endsWith('s') && !/(?:ss|us|is)$/.test(lower)) add(lower.slice(0, -1));

  // Past tense and participles.
  if (lower.endsWith('ied') && lower.length > 4) add(`${lower.slice(0, -3)}y`);
  if (lower.endsWith('ed') && lower.length > 3) {
    if (lower.endsWith('eed')) add(lower.slice(0, -1)); // agreed → agree
    for (const variant of stemVariants(lower.slice(0, -2))) add(variant);
    add(lower.slice(0, -1)); // used → use, named → name
  }
  if (lower.endsWith('ying') && lower.length > 4) add(`${lower.slice(0, -4)}ie`); // dying → die
  if (lower.endsWith('ing') && lower.length > 5) {
    for (const variant of stemVariants(lower.slice(0, -3))) add(variant);
  }

  // Comparatives and superlatives.
  if (lower.endsWith('iest') && lower.length > 5) add(`${lower.slice(0, -4)}y`);
  if (lower.endsWith('ier') && lower.length > 4) add(`${lower.slice(0, -3)}y`);
  if (lower.endsWith('est') && lower.length > 5) for (const variant of stemVariants(lower.slice(0, -3))) add(variant);
  if (lower.endsWith('er') && lower.length > 4) for (const variant of stemVariants(lower.slice(0, -2))) add(variant);

  // Adverbs: broadly → broad, easily → easy, historically → historical/historic.
  if (lower.endsWith('ily') && lower.length > 5) add(`${lower.slice(0, -3)}y`);
  if (lower.endsWith('ally') && lower.length > 6) {
    add(lower.slice(0, -2));
    add(lower.slice(0, -4));
  }
  if (lower.endsWith('ly') && lower.length > 4) add(lower.slice(0, -2));

  return out;
}
