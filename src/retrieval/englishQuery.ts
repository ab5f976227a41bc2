/**
 * English question → Arabic query terms. Each translated word or multi-word entry (translate.ts)
 * becomes ONE structured query term whose alternatives are the analyzed Arabic translations; a name
 * none of whose spellings occurs in the corpus is matched to the corpus's own words by consonant
 * skeleton (Homs → حمص).
 */
import type { Analyzer } from '../text/analyzer.ts';
import type { LexicalIndex, QueryTerm } from '../index/lexicalIndex.ts';
import type { Dictionary } from '../crosslingual/dictionary.ts';
import { translateQuery, type TranslatedTerm } from '../crosslingual/translate.ts';
import { SkeletonIndex, type VocabularyTerm } from '../crosslingual/nameMatch.ts';

/** Weights of a name's corpus spellings found by skeleton, best first: evidence, but weaker than a dictionary entry. */
const NAME_MATCH_WEIGHTS = [0.5, 0.25];

export class EnglishQueryBuilder {
  private readonly names: CorpusNames;

  constructor(
    private readonly lexical: LexicalIndex,
    private readonly analyzer: Analyzer,
    private readonly dictionary: Dictionary,
  ) {
    this.names = new CorpusNames(lexical);
  }

  terms(question: string): QueryTerm[] {
    const terms: QueryTerm[] = [];
    for (const group of translateQuery(question, this.dictionary).groups) {
      const term = this.groupTerm(group);
      if (term) terms.push(term);
    }
    return mergeDuplicateTerms(terms);
  }

  warmUp(): Promise<void> {
    return this.names.warmUp();
  }

  private groupTerm(group: TranslatedTerm): QueryTerm | null {
    const weights = new Map<string, number>();
    for (const alternative of group.alternatives) {
      for (const term of this.analyzer.terms(alternative.arabic)) weights.set(term, Math.max(weights.get(term) ?? 0, alternative.weight));
    }
    // Latin names and numbers also match as written (Latin text in Arabic articles is common).
    if (group.kind === 'name' || group.kind === 'latin' || group.kind === 'number') {
      for (const term of this.analyzer.terms(group.english)) weights.set(term, Math.max(weights.get(term) ?? 0, 1));
    }
    // Names the rules spell as the corpus does are left alone.
    const spelledInCorpus = [...weights.keys()].some((term) => this.lexical.documentFrequency(term) > 0);
    if (group.kind === 'name' && !spelledInCorpus) {
      this.names.match(group.english, 2).forEach((entry, rank) => {
        weights.set(entry.term, Math.max(weights.get(entry.term) ?? 0, NAME_MATCH_WEIGHTS[rank] ?? 0));
      });
    }
    if (!weights.size) return null;
    // Relative to the group's best alternative: one right translation among five must not count
    // a fifth of a term (translation weights sum to 1 across a group).
    const top = Math.max(...weights.values());
    return { alternatives: [...weights].map(([term, weight]) => ({ term, weight: weight / top })), weight: 1 };
  }
}

/** Two English words can translate to the same Arabic term; count it once, with the larger weight. */
function mergeDuplicateTerms(terms: QueryTerm[]): QueryTerm[] {
  const seen = new Map<string, QueryTerm>();
  for (const term of terms) {
    const key = term.alternatives
      .map((alternative) => alternative.term)
      .sort()
      .join('|');
    const existing = seen.get(key);
    if (existing) existing.weight = Math.max(existing.weight, term.weight);
    else seen.set(key, term);
  }
  return [...seen.values()];
}

/** The index vocabulary's consonant skeletons, for names: built on first use, or ahead of time by warmUp(). */
class CorpusNames {
  private skeletons: SkeletonIndex | null = null;
  private skeletonsBuilding: Promise<void> | null = null;

  constructor(private readonly lexical: LexicalIndex) {}

  match(english: string, limit: number): VocabularyTerm[] {
    this.skeletons ??= new SkeletonIndex(this.lexical.terms.map((_, i) => this.vocabularyEntry(i)));
    return this.skeletons.match(english, limit);
  }

  /** Builds the table in slices in the background, so that the first English question with a name does not wait for it. */
  warmUp(): Promise<void> {
    if (this.skeletons) return Promise.resolve();
    this.skeletonsBuilding ??= SkeletonIndex.buildInSlices(this.lexical.terms.length, (i) => this.vocabularyEntry(i)).then((built) => {
      this.skeletons ??= built;
    });
    return this.skeletonsBuilding;
  }

  private vocabularyEntry(i: number): VocabularyTerm {
    const term = this.lexical.terms[i]!;
    return { term, documentFrequency: this.lexical.documentFrequency(term) };
  }
}
