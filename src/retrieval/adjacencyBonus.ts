/**
 * The adjacency bonus: the top lexical hits are re-read, and each pair of neighbouring question words
 * found side by side in a passage adds to its score. Word stems alone conflate محافظ (governor) and
 * محافظة (governorate); the pair, of lightly-cut words (the analyzer's surface phrase keys), still
 * tells «محافظ حمص» from «محافظة حمص». Read at query time, it costs no index space, unlike phrase terms.
 * Arabic questions only: phrase keys are Arabic clitic rules.
 */
import { createAnalyzer, type Analyzer } from '../text/analyzer.ts';
import type { LexicalHit, LexicalIndex } from '../index/lexicalIndex.ts';
import type { PassageTexts } from './searchableIndex.ts';

export interface AdjacencyOptions {
  /** Each pair found adds adjacencyWeight × the idf of its commoner word (0: off). */
  adjacencyWeight: number;
  /** How many of the top hits are re-read. */
  adjacencyDepth: number;
}

export const DEFAULT_ADJACENCY_OPTIONS: AdjacencyOptions = { adjacencyWeight: 1, adjacencyDepth: 20 };

export class AdjacencyBonus {
  /** The searched analysis with surface phrase keys, whatever the index was built with. */
  private readonly pairAnalyzer: Analyzer = createAnalyzer({ phrases: 'surface', rootStems: false });

  constructor(
    private readonly lexical: LexicalIndex,
    private readonly texts: PassageTexts,
    private readonly options: AdjacencyOptions,
  ) {}

  /** The hits with the bonus added to the top ones, re-sorted; the rest keep their order below them. */
  apply(question: string, hits: LexicalHit[]): LexicalHit[] {
    const { adjacencyWeight, adjacencyDepth } = this.options;
    if (adjacencyWeight <= 0 || hits.length < 2) return hits;
    const asked = this.pairAnalyzer.analyze(question);
    if (!asked.phrases.length) return hits;
    const lexical = this.lexical;
    const idfOf = (term: string) => lexical.idf(lexical.documentFrequency(term));
    const weights = new Map<string, number>();
    asked.phrases.forEach((pair, index) => {
      weights.set(pair, Math.min(idfOf(asked.terms[index]!), idfOf(asked.terms[index + 1]!)));
    });
    const head = hits.slice(0, adjacencyDepth).map((hit) => {
      let bonus = 0;
      for (const pair of new Set(this.pairAnalyzer.analyze(this.texts.text(hit.passage)).phrases)) bonus += weights.get(pair) ?? 0;
      return { passage: hit.passage, score: hit.score + adjacencyWeight * bonus };
    });
    head.sort((a, b) => b.score - a.score || a.passage - b.passage);
    return [...head, ...hits.slice(adjacencyDepth)];
  }
}
