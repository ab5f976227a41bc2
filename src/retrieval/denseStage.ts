/**
 * The dense stage: the passages whose vectors lie nearest the question's embedding. It is started
 * before the lexical stage, so that a worker embedder computes the embedding while this thread
 * searches lexically (an in-process one computes it when awaited).
 */
import type { Embedder } from '../embedding/embedder.ts';
import type { VectorIndex } from '../index/vectorIndex.ts';

/** The `depth` nearest passages, best first, once the question is embedded. */
export function startDenseSearch(embedder: Embedder, vectors: VectorIndex, question: string, depth: number): Promise<number[]> {
  const nearest = embedder.embedQuery(question).then((vector) => vectors.search(vector, depth).map((hit) => hit.label));
  // Failures are handled where it is awaited; until then a rejection must not count as unhandled.
  nearest.catch(() => {});
  return nearest;
}
