/**
 * What the retrieval stages read: a loaded index (store.ts's IndexData is one) and the texts of its
 * passages, which the stages that re-read their best candidates need.
 */
import type { ArticleDocument, Passage } from '../types.ts';
import type { LexicalIndex } from '../index/lexicalIndex.ts';
import type { VectorIndex } from '../index/vectorIndex.ts';

export interface SearchableIndex {
  documents: ArticleDocument[];
  passages: Passage[];
  lexical: LexicalIndex;
  vectors: VectorIndex | null;
}

export class PassageTexts {
  /** Built by the first question that re-reads a passage, so that loading an index does not wait for it. */
  private documentsById: Map<string, ArticleDocument> | null = null;

  constructor(private readonly index: SearchableIndex) {}

  document(docId: string): ArticleDocument {
    if (!this.documentsById) this.documentsById = new Map(this.index.documents.map((document) => [document.docId, document]));
    return this.documentsById.get(docId) ?? ({ docId, title: '', text: '' } as ArticleDocument);
  }

  /** Passage `passage`'s text: a slice of its document's. */
  text(passage: number): string {
    const { docId, span } = this.index.passages[passage]!;
    return this.document(docId).text.slice(span.start, span.end);
  }
}
