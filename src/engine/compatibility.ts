/**
 * Whether a loaded index version fits this program and its model: an index analyzed another way
 * matches no question's terms, and vectors made by another model make dense search noise.
 */
import type { Analyzer } from '../text/analyzer.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { modelInfoOf } from '../index/build.ts';
import { indexError, type IndexData } from '../index/store.ts';
import { ErrorCodes } from '../errors.ts';

/** Why the index's lexical side cannot serve this analyzer, or null when it can. */
export function analyzerMismatch(index: IndexData, analyzer: Analyzer): string | null {
  if (index.manifest.analyzer === analyzer.name) return null;
  return `The index was built with text analysis ${index.manifest.analyzer}, this version uses ${analyzer.name}`;
}

/**
 * Whether dense search may use `embedder` on this version, and the notices saying why not. Vectors
 * of another model are an IndexMismatch error unless the engine keeps serving (lexically, then).
 */
export function denseSearchCheck(
  index: IndexData,
  embedder: Embedder | null,
  embeddingDtype: string,
  keepServing: boolean,
): { usable: boolean; notices: string[] } {
  if (!embedder) return { usable: false, notices: [] };
  const built = index.manifest.model;
  if (!built) {
    const notice =
      'The index has no passage vectors (it was built without the embedding model): run `npm run build-index` for hybrid search; using lexical search.';
    return { usable: false, notices: [notice] };
  }
  const expected = modelInfoOf(embedder, embeddingDtype);
  if (expected.id === built.id && expected.dimensions === built.dimensions && expected.queryPrefix === built.queryPrefix) return { usable: true, notices: [] };
  const detail = `The index was built with ${built.id} (${built.dimensions} dimensions) but EMBEDDING_MODEL is ${expected.id} (${expected.dimensions})`;
  if (!keepServing) throw indexError(ErrorCodes.IndexMismatch, detail);
  return { usable: false, notices: [`${detail}: searching lexically until the index is rebuilt.`] };
}
