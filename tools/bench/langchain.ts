/**
 * The usual way, for comparison: LangChain.js's HNSWLib vector store over its Hugging Face
 * transformers embeddings, same model files, same passage texts. Defaults except where the
 * comparison needs the same input: the e5 prefixes are added to the texts (as its docs tell users
 * of e5 models to do) and newlines are kept (ours keeps them too), so that any disagreement in the
 * neighbours comes from the pipelines, not from different strings.
 */
import type { CoreConfig } from '../../src/config.ts';
import { configureTransformersOffline } from './embedding.ts';

export interface LangChainStore {
  buildMs: number;
  /** Passage numbers (as given at build) of the k nearest passages. */
  search(question: string, k: number): Promise<number[]>;
  /** The question's vector as this pipeline embeds it. */
  embedQuery(question: string): Promise<number[]>;
  /** The stored vector of passage number `passage` (hnswlib keeps them; labels are insertion order). */
  passageVector(passage: number): number[];
  /** Sets hnswlib's search-time candidate list (LangChain leaves hnswlib's default, 10). */
  setSearchEf(ef: number): void;
}

export async function buildLangChainStore(
  config: CoreConfig,
  texts: readonly string[],
  prefixes: { query: string; passage: string },
  /** Texts per embedding call; LangChain's default (512) unless a control run asks for another. */
  batchSize?: number,
): Promise<LangChainStore> {
  await configureTransformersOffline(config);
  const { HuggingFaceTransformersEmbeddings } = await import('@langchain/community/embeddings/huggingface_transformers');
  const { HNSWLib } = await import('@langchain/community/vectorstores/hnswlib');
  const embeddings = new HuggingFaceTransformersEmbeddings({
    model: config.embeddingModel,
    // Only the int8 file is in the model folder; the default dtype would look for fp32.
    pretrainedOptions: { dtype: config.embeddingDtype } as never,
    stripNewLines: false,
    ...(batchSize ? { batchSize } : {}),
  });
  await embeddings.embedQuery(`${prefixes.query}warm up`); // model load, as ours is loaded before its build
  const started = performance.now();
  const store = await HNSWLib.fromTexts(
    texts.map((text) => prefixes.passage + text),
    texts.map((_, passage) => ({ passage })),
    embeddings,
  );
  const buildMs = performance.now() - started;
  return {
    buildMs,
    embedQuery: (question) => embeddings.embedQuery(prefixes.query + question),
    passageVector: (passage) => store.index.getPoint(passage),
    setSearchEf: (ef) => store.index.setEf(ef),
    async search(question, k) {
      const documents = await store.similaritySearch(prefixes.query + question, Math.min(k, texts.length));
      return documents.map((document) => (document.metadata as { passage: number }).passage);
    },
  };
}
