/**
 * English spellings of Arabic names (Homs, Raqqa, Deir ez-Zor) rarely transliterate back to the Arabic
 * spelling: English drops the distinctions Arabic writes (ح/ه, ص/س, ط/ت, ق/ك) and adds vowels Arabic
 * leaves out. So besides rule-based transliteration, a name is matched against the words the corpus
 * actually contains by consonant skeleton: both sides are reduced to classes of consonants that
 * English cannot tell apart, vowels dropped, and index terms with the same skeleton are candidates,
 * the more frequent in the corpus the likelier.
 */
import { ARABIC_ALPHABET_WORD } from '../text/arabic.ts';
import { SLICE_MS, TimeSlices } from '../util/timeSlices.ts';

/** Arabic letter (normalized form) → consonant class; absent = vowel-like, dropped. */
const ARABIC_CLASSES: Record<string, string> = {
  ب: 'B',
  ت: 'T',
  ط: 'T',
  ث: 'S',
  س: 'S',
  ص: 'S',
  ج: 'J',
  ح: 'H',
  ه: 'H',
  خ: 'X',
  د: 'D',
  ض: 'D',
  ذ: 'Z',
  ر: 'R',
  ز: 'Z',
  ظ: 'Z',
  ش: 'C',
  غ: 'G',
  ف: 'F',
  ق: 'K',
  ك: 'K',
  ل: 'L',
  م: 'M',
  ن: 'N',
};

/** English letter groups → consonant class, longest first. */
const ENGLISH_CLASSES: Array<[string, string]> = [
  ['sh', 'C'],
  ['ch', 'C'],
  ['kh', 'X'],
  ['gh', 'G'],
  ['th', 'S'],
  ['dh', 'Z'],
  ['ph', 'F'],
  ['ck', 'K'],
  ['b', 'B'],
  ['p', 'B'],
  ['t', 'T'],
  ['s', 'S'],
  ['c', 'K'],
  ['j', 'J'],
  ['g', 'J'],
  ['h', 'H'],
  ['d', 'D'],
  ['z', 'Z'],
  ['r', 'R'],
  ['f', 'F'],
  ['v', 'F'],
  ['q', 'K'],
  ['k', 'K'],
  ['l', 'L'],
  ['m', 'M'],
  ['n', 'N'],
  ['x', 'KS'],
];

/** The consonant skeleton of an Arabic word (normalized, e.g. an index term), doubled consonants once. */
export function arabicSkeleton(word: string): string {
  let skeleton = '';
  for (const letter of word) {
    const cls = ARABIC_CLASSES[letter];
    if (cls && !skeleton.endsWith(cls)) skeleton += cls;
  }
  return skeleton;
}

/** Skeletons an English spelling may stand for (g is ج or غ, a leading al-/el- is the article). */
export function englishSkeletons(name: string): string[] {
  const word = name
    .toLowerCase()
    .replace(/^(al|el|ad|ar|as|ash|at|az)[-\s]/, '')
    .replace(/[^a-z]/g, '');
  let skeletons = [''];
  for (let at = 0; at < word.length; ) {
    const rule = ENGLISH_CLASSES.find(([letters]) => word.startsWith(letters, at));
    if (!rule) {
      at++;
      continue;
    }
    const [letters, cls] = rule;
    const options = letters === 'g' ? ['J', 'G'] : letters === 'c' && /[eiy]/.test(word[at + 1] ?? '') ? ['S'] : [cls];
    skeletons = skeletons.flatMap((skeleton) => options.map((option) => (skeleton.endsWith(option) ? skeleton : skeleton + option)));
    at += letters.length;
  }
  return [...new Set(skeletons)].filter(Boolean);
}

export interface VocabularyTerm {
  term: string;
  documentFrequency: number;
}

/** Index terms grouped by skeleton, built once per index. */
export class SkeletonIndex {
  private readonly bySkeleton = new Map<string, VocabularyTerm[]>();

  constructor(vocabulary: Iterable<VocabularyTerm> = []) {
    for (const entry of vocabulary) this.add(entry);
    this.finish();
  }

  /**
   * The same index built in slices of about `sliceMs`, yielding in between: a server builds it in
   * the background after start-up (a few hundred milliseconds over a large vocabulary) instead of
   * making the first English question wait for it.
   */
  static async buildInSlices(termCount: number, entryAt: (index: number) => VocabularyTerm, sliceMs = SLICE_MS): Promise<SkeletonIndex> {
    const index = new SkeletonIndex();
    const slices = new TimeSlices(sliceMs);
    for (let i = 0; i < termCount; i++) {
      index.add(entryAt(i));
      if ((i & 255) === 255 && slices.due) await slices.yield();
    }
    index.finish();
    return index;
  }

  private add(entry: VocabularyTerm): void {
    if (entry.term.length < 3 || !ARABIC_ALPHABET_WORD.test(entry.term)) return;
    const skeleton = arabicSkeleton(entry.term);
    // Two-consonant skeletons match far too many unrelated words to be evidence of a name.
    if (skeleton.length < 3) return;
    const list = this.bySkeleton.get(skeleton);
    if (list) list.push(entry);
    else this.bySkeleton.set(skeleton, [entry]);
  }

  private finish(): void {
    for (const list of this.bySkeleton.values()) list.sort((a, b) => b.documentFrequency - a.documentFrequency);
  }

  /** Corpus terms that could be this English name, most frequent first. */
  match(name: string, limit = 3): VocabularyTerm[] {
    const found = new Map<string, VocabularyTerm>();
    for (const skeleton of englishSkeletons(name)) {
      if (skeleton.length < 3) continue;
      for (const entry of this.bySkeleton.get(skeleton) ?? []) found.set(entry.term, entry);
    }
    return [...found.values()].sort((a, b) => b.documentFrequency - a.documentFrequency).slice(0, limit);
  }
}
