/**
 * Spelling candidates one edit away (Damerau's OSA distance 1), Norvig-style: every variant is
 * generated and the caller looks each one up in its own vocabulary, so there is no structure to
 * build or hold whatever the vocabulary's size. Used for misspelled question words, Arabic ones
 * against the index (LexicalIndex.neighbours) and English ones against the dictionary (translate.ts).
 */

/**
 * Each distinct word one edit from `word` over `alphabet`, never `word` itself nor the empty word,
 * in order of how likely the slip: a swap of neighbouring letters, a letter dropped, a letter added,
 * a letter changed. Lazy, so a caller that has found enough can stop.
 */
export function* oneEditVariants(word: string, alphabet: readonly string[]): Generator<string> {
  const seen = new Set<string>([word, '']);
  function* fresh(variant: string): Generator<string> {
    if (seen.has(variant)) return;
    seen.add(variant);
    yield variant;
  }
  for (let at = 0; at + 1 < word.length; at++) yield* fresh(word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2));
  for (let at = 0; at < word.length; at++) yield* fresh(word.slice(0, at) + word.slice(at + 1));
  for (let at = 0; at <= word.length; at++) {
    for (const letter of alphabet) yield* fresh(word.slice(0, at) + letter + word.slice(at));
  }
  for (let at = 0; at < word.length; at++) {
    for (const letter of alphabet) if (letter !== word[at]) yield* fresh(word.slice(0, at) + letter + word.slice(at + 1));
  }
}
