/** The seed corpus (corpus/) indexed in memory with the default analysis, for the retrieval tests. */
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { loadCorpusDir } from '../../src/corpus/loadCorpus.ts';
import { buildIndex } from '../../src/index/build.ts';
import { composeAnswer } from '../../src/answer/compose.ts';
import { Retriever, type RetrieverOptions } from '../../src/retrieval/retriever.ts';
import { seedCorpusDir } from '../support/fixtures.ts';

export const analyzer = createAnalyzer();
const corpus = await loadCorpusDir(seedCorpusDir);
export const { index } = await buildIndex({ indexDir: '', documents: corpus.documents, analyzer, embedder: null, inMemory: true });
const documentsById = new Map(index.documents.map((document) => [document.docId, document]));

/** An Arabic question asked lexically of the seed corpus, as `ask` answers it (first 3 results). */
export async function askSeed(question: string, options: Partial<RetrieverOptions> = {}) {
  const retrieval = await new Retriever(index, analyzer, null, null, options).retrieve(question, 'ar', 'lexical', 3);
  return composeAnswer({ question, lang: 'ar', retrieval, passages: index.passages, documentsById, analyzer });
}
