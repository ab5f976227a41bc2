/**
 * Rule-based English (Latin-script) name → Arabic-script spellings, for names the dictionary lacks
 * (Chopin, Tesla, Fresno). Arabic news spells foreign names by ear, and several spellings coexist
 * (فيكتوريا / فكتوريا), so this returns a few candidates, cheapest first; the retriever tries each.
 *
 * How: every position of the lower-cased name is matched against spelling rules (digraphs such as
 * sh/ch/th/ph/kh/gh, single letters, vowels by position). Each rule offers Arabic renderings with a
 * cost; a small beam search over the lattice keeps the cheapest complete spellings. Costs are
 * hand-set: 0 for the usual rendering, more for plausible alternatives.
 */

interface Context {
  /** The whole lower-cased word. */
  word: string;
  /** Where the rule's pattern starts. */
  at: number;
  /** Where it ends (exclusive). */
  end: number;
}

interface Rule {
  pattern: string;
  when?: (context: Context) => boolean;
  /** [Arabic, cost] */
  options: ReadonlyArray<readonly [string, number]>;
}

const VOWEL = /[aeiou]/;
const initial = (context: Context): boolean => context.at === 0;
const final = (context: Context): boolean => context.end === context.word.length;
const medial = (context: Context): boolean => !initial(context) && !final(context);
const nextIs =
  (pattern: RegExp) =>
  (context: Context): boolean =>
    pattern.test(context.word[context.end] ?? '');
/** Vowel + one consonant + final e, inside a word of 4+ letters. */
const magicE = (context: Context): boolean =>
  context.at > 0 &&
  context.word.length >= 4 &&
  context.end === context.word.length - 2 &&
  context.word.endsWith('e') &&
  !VOWEL.test(context.word[context.end] ?? 'a');
const previousIsVowel = (context: Context): boolean => VOWEL.test(context.word[context.at - 1] ?? '');

// Order does not matter: every matching rule is an option of the lattice.
const RULES: readonly Rule[] = [
  // Endings.
  {
    pattern: 'ia',
    when: final,
    options: [
      ['يا', 0],
      ['ية', 0.6],
    ],
  },
  {
    pattern: 'tion',
    when: final,
    options: [
      ['شن', 0.2],
      ['سيون', 0.3],
    ],
  },
  {
    pattern: 'ey',
    when: final,
    options: [
      ['ي', 0],
      ['اي', 0.5],
    ],
  },
  {
    pattern: 'ue',
    when: final,
    options: [
      ['و', 0.1],
      ['', 0.4],
    ],
  },

  // Vowels at the start of a word carry an alif.
  {
    pattern: 'a',
    when: initial,
    options: [
      ['ا', 0],
      ['أ', 0.3],
    ],
  },
  {
    pattern: 'ai',
    when: initial,
    options: [
      ['اي', 0],
      ['إي', 0.4],
    ],
  },
  {
    pattern: 'au',
    when: initial,
    options: [
      ['او', 0],
      ['أو', 0.3],
    ],
  },
  {
    pattern: 'e',
    when: initial,
    options: [
      ['ا', 0.2],
      ['إ', 0.2],
      ['اي', 0.5],
    ],
  },
  {
    pattern: 'ei',
    when: initial,
    options: [
      ['اي', 0],
      ['آي', 0.5],
    ],
  },
  {
    pattern: 'i',
    when: initial,
    options: [
      ['ا', 0.2],
      ['إ', 0.3],
      ['اي', 0.4],
    ],
  },
  {
    pattern: 'o',
    when: initial,
    options: [
      ['او', 0.1],
      ['أو', 0.2],
    ],
  },
  {
    pattern: 'ou',
    when: initial,
    options: [
      ['او', 0],
      ['أو', 0.2],
    ],
  },
  {
    pattern: 'u',
    when: initial,
    options: [
      ['او', 0.2],
      ['أو', 0.3],
      ['يو', 0.35],
      ['ا', 0.5],
    ],
  },

  { pattern: 'rh', options: [['ر', 0]] },
  // A vowel before consonant + final silent e is long: Rhine → راين, Blake → بليك, Rome → روم.
  {
    pattern: 'i',
    when: magicE,
    options: [
      ['اي', 0.05],
      ['ي', 0.2],
    ],
  },
  {
    pattern: 'a',
    when: magicE,
    options: [
      ['ي', 0.2],
      ['ا', 0.2],
    ],
  },

  // Vowels inside a word: long ones as ا/و/ي, short e/a often unwritten.
  {
    pattern: 'a',
    when: medial,
    options: [
      ['ا', 0.1],
      ['', 0.5],
    ],
  },
  {
    pattern: 'e',
    when: medial,
    options: [
      ['', 0.1],
      ['ي', 0.4],
    ],
  },
  {
    pattern: 'i',
    when: medial,
    options: [
      ['ي', 0.1],
      ['', 0.5],
    ],
  },
  {
    pattern: 'o',
    when: medial,
    options: [
      ['و', 0],
      ['', 0.7],
    ],
  },
  {
    pattern: 'u',
    when: medial,
    options: [
      ['و', 0.1],
      ['', 0.6],
    ],
  },
  { pattern: 'y', when: (context) => !initial(context) && !final(context) && !VOWEL.test(context.word[context.end] ?? ''), options: [['ي', 0]] },

  // Vowels at the end: -a is ا or ة, a final -e is silent.
  {
    pattern: 'a',
    when: final,
    options: [
      ['ا', 0],
      ['ة', 0.4],
    ],
  },
  {
    pattern: 'e',
    when: final,
    options: [
      ['', 0],
      ['ي', 0.5],
    ],
  },
  { pattern: 'i', when: final, options: [['ي', 0]] },
  { pattern: 'o', when: final, options: [['و', 0]] },
  { pattern: 'u', when: final, options: [['و', 0]] },
  // Sky, fly, Dubai-like: a final y that is the word's only vowel says "ai".
  {
    pattern: 'y',
    when: (context) => final(context) && !VOWEL.test(context.word.slice(0, context.at)),
    options: [
      ['اي', 0],
      ['ي', 0.3],
    ],
  },
  { pattern: 'y', when: (context) => final(context) && VOWEL.test(context.word.slice(0, context.at)), options: [['ي', 0]] },

  // Vowel pairs.
  { pattern: 'ee', options: [['ي', 0]] },
  {
    pattern: 'ea',
    options: [
      ['ي', 0.1],
      ['يا', 0.5],
    ],
  },
  {
    pattern: 'ie',
    when: (context) => !initial(context),
    options: [
      ['ي', 0.1],
      ['يي', 0.6],
    ],
  },
  { pattern: 'oo', options: [['و', 0]] },
  { pattern: 'ou', when: (context) => !initial(context), options: [['و', 0]] },
  {
    pattern: 'au',
    when: (context) => !initial(context),
    options: [
      ['او', 0.1],
      ['و', 0.2],
    ],
  },
  {
    pattern: 'aw',
    when: (context) => !initial(context),
    options: [
      ['و', 0.1],
      ['او', 0.2],
    ],
  },
  {
    pattern: 'ow',
    options: [
      ['او', 0.2],
      ['و', 0.3],
    ],
  },
  {
    pattern: 'ai',
    when: (context) => !initial(context),
    options: [
      ['اي', 0.1],
      ['ي', 0.3],
    ],
  },
  { pattern: 'ay', when: (context) => !initial(context), options: [['اي', 0]] },
  {
    pattern: 'ei',
    when: (context) => !initial(context),
    options: [
      ['اي', 0.1],
      ['ي', 0.2],
    ],
  },
  {
    pattern: 'ey',
    when: medial,
    options: [
      ['اي', 0.1],
      ['ي', 0.3],
    ],
  },
  {
    pattern: 'oa',
    when: (context) => !initial(context),
    options: [
      ['و', 0.1],
      ['وا', 0.3],
    ],
  },
  { pattern: 'oi', options: [['وي', 0]] },
  { pattern: 'oy', options: [['وي', 0]] },
  {
    pattern: 'eu',
    options: [
      ['يو', 0.1],
      ['او', 0.4],
    ],
  },

  // Consonant clusters.
  { pattern: 'sch', options: [['ش', 0]] },
  { pattern: 'sh', options: [['ش', 0]] },
  { pattern: 'sz', options: [['ش', 0.1]] },
  { pattern: 'cz', options: [['تش', 0.1]] },
  {
    pattern: 'ch',
    options: [
      ['تش', 0.2],
      ['ش', 0.2],
      ['ك', 0.5],
    ],
  },
  { pattern: 'tch', options: [['تش', 0]] },
  {
    pattern: 'th',
    options: [
      ['ث', 0.2],
      ['ت', 0.3],
      ['ذ', 0.8],
    ],
  },
  { pattern: 'ph', options: [['ف', 0]] },
  { pattern: 'kh', options: [['خ', 0]] },
  {
    pattern: 'gh',
    when: (context) => !final(context),
    options: [
      ['غ', 0.1],
      ['ج', 0.6],
    ],
  },
  {
    pattern: 'gh',
    when: final,
    options: [
      ['', 0.2],
      ['غ', 0.3],
    ],
  },
  {
    pattern: 'dh',
    options: [
      ['ذ', 0.2],
      ['د', 0.3],
    ],
  },
  {
    pattern: 'zh',
    options: [
      ['ج', 0],
      ['ز', 0.4],
    ],
  },
  { pattern: 'dj', options: [['ج', 0]] },
  { pattern: 'ck', options: [['ك', 0]] },
  {
    pattern: 'qu',
    options: [
      ['كو', 0],
      ['ك', 0.4],
    ],
  },
  { pattern: 'ts', options: [['تس', 0]] },
  {
    pattern: 'tz',
    options: [
      ['تز', 0.1],
      ['تس', 0.2],
    ],
  },
  {
    pattern: 'ng',
    when: final,
    options: [
      ['نغ', 0],
      ['نج', 0.4],
    ],
  },

  // Single consonants.
  { pattern: 'b', options: [['ب', 0]] },
  { pattern: 'c', when: nextIs(/[eiy]/), options: [['س', 0]] },
  { pattern: 'c', when: (context) => !/[eiy]/.test(context.word[context.end] ?? ''), options: [['ك', 0]] },
  { pattern: 'd', options: [['د', 0]] },
  { pattern: 'f', options: [['ف', 0]] },
  {
    pattern: 'g',
    when: nextIs(/[eiy]/),
    options: [
      ['ج', 0.2],
      ['غ', 0.3],
    ],
  },
  {
    pattern: 'g',
    when: (context) => !/[eiy]/.test(context.word[context.end] ?? ''),
    options: [
      ['غ', 0.1],
      ['ج', 0.5],
      ['ك', 0.7],
    ],
  },
  {
    pattern: 'h',
    when: (context) => initial(context) || previousIsVowel(context),
    options: [
      ['ه', 0.1],
      ['', 0.6],
    ],
  },
  {
    pattern: 'h',
    when: (context) => !initial(context) && !previousIsVowel(context),
    options: [
      ['', 0.3],
      ['ه', 0.5],
    ],
  },
  {
    pattern: 'j',
    options: [
      ['ج', 0],
      ['ي', 0.6],
    ],
  },
  { pattern: 'k', options: [['ك', 0]] },
  { pattern: 'l', options: [['ل', 0]] },
  { pattern: 'm', options: [['م', 0]] },
  { pattern: 'n', options: [['ن', 0]] },
  { pattern: 'p', options: [['ب', 0]] },
  {
    pattern: 'q',
    options: [
      ['ك', 0],
      ['ق', 0.3],
    ],
  },
  { pattern: 'r', options: [['ر', 0]] },
  {
    pattern: 's',
    when: (context) => previousIsVowel(context) && VOWEL.test(context.word[context.end] ?? ''),
    options: [
      ['س', 0.1],
      ['ز', 0.3],
    ],
  },
  // A final s after a vowel or w is often voiced: Broadmeadows → برودميدوز.
  {
    pattern: 's',
    when: (context) => final(context) && /[aeiouw]/.test(context.word[context.at - 1] ?? ''),
    options: [
      ['س', 0.1],
      ['ز', 0.25],
    ],
  },
  {
    pattern: 's',
    when: (context) =>
      !(previousIsVowel(context) && VOWEL.test(context.word[context.end] ?? '')) && !(final(context) && /[aeiouw]/.test(context.word[context.at - 1] ?? '')),
    options: [['س', 0]],
  },
  {
    pattern: 't',
    options: [
      ['ت', 0],
      ['ط', 0.7],
    ],
  },
  { pattern: 'v', options: [['ف', 0]] },
  { pattern: 'w', options: [['و', 0]] },
  { pattern: 'x', options: [['كس', 0]] },
  { pattern: 'y', when: initial, options: [['ي', 0]] },
  { pattern: 'y', when: (context) => !initial(context) && !final(context) && VOWEL.test(context.word[context.end] ?? ''), options: [['ي', 0]] },
  { pattern: 'z', options: [['ز', 0]] },
];

const RULES_BY_LETTER = new Map<string, Rule[]>();
for (const rule of RULES) {
  const letter = rule.pattern[0] ?? '';
  const list = RULES_BY_LETTER.get(letter) ?? [];
  list.push(rule);
  RULES_BY_LETTER.set(letter, list);
}

const BEAM = 24;

interface Partial {
  text: string;
  cost: number;
}

/** Folds accents (ł → l, é → e) so Polish, French, German names go through the same rules. */
function foldLatin(name: string): string {
  return name
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Arabic spellings of one Latin word with their costs (cheapest first). */
export function transliterateWithCosts(name: string, max = 4): Array<{ arabic: string; cost: number }> {
  // A doubled consonant is written once in Arabic (Marconi, Tesla's "Milutin" aside).
  const word = foldLatin(name).replace(/([b-df-hj-np-tv-z])\1+/g, '$1');
  if (!word) return [];
  const lattice: Partial[][] = Array.from({ length: word.length + 1 }, () => []);
  lattice[0] = [{ text: '', cost: 0 }];
  for (let at = 0; at < word.length; at++) {
    const here = lattice[at] ?? [];
    if (!here.length) continue;
    here.sort((a, b) => a.cost - b.cost);
    here.length = Math.min(here.length, BEAM);
    let matched = false;
    for (const rule of RULES_BY_LETTER.get(word[at] ?? '') ?? []) {
      if (!word.startsWith(rule.pattern, at)) continue;
      const end = at + rule.pattern.length;
      if (rule.when && !rule.when({ word, at, end })) continue;
      matched = true;
      const target = lattice[end];
      if (!target) continue;
      // Digraph rules get a small bonus so "sh" → ش beats "s"+"h" → سه.
      const lengthBonus = (rule.pattern.length - 1) * 0.05;
      for (const [arabic, cost] of rule.options) {
        for (const partial of here) target.push({ text: partial.text + arabic, cost: partial.cost + cost - lengthBonus });
      }
    }
    // A letter no rule covers is skipped rather than ending the word.
    if (!matched) lattice[at + 1]?.push(...here);
  }
  const best = new Map<string, number>();
  for (const partial of lattice[word.length] ?? []) {
    // Arabic writes a doubled sound once (with an unwritten shadda): "oo"+"u" must not give وو.
    const text = partial.text.replace(/(\p{L})\1+/gu, '$1');
    const cost = partial.cost;
    if (!text) continue;
    if (!best.has(text) || (best.get(text) ?? 0) > cost) best.set(text, cost);
  }
  return [...best]
    .map(([arabic, cost]) => ({ arabic, cost: Math.max(0, cost) }))
    .sort((a, b) => a.cost - b.cost || a.arabic.localeCompare(b.arabic))
    .slice(0, max);
}

/** A few plausible Arabic-script spellings of an English (Latin-script) name, most likely first. */
export function transliterateName(name: string, max = 4): string[] {
  return transliterateWithCosts(name, max).map((candidate) => candidate.arabic);
}
