/**
 * One loaded index version and everything looked up in it: documents and passages by id, the
 * document list, autocomplete keys, article openings, and the retriever searching that version.
 * The engine swaps whole snapshots, so an answer never mixes two versions.
 */
import type { Logger } from 'pino';
import type { Answer, ArticleDocument, ConversationContext, DocumentInfo, EngineStats, Lang, PassageView, SearchMode } from '../types.ts';
import type { Analyzer } from '../text/analyzer.ts';
import { normalizeArabic } from '../text/normalize.ts';
import { splitSentences } from '../text/sentences.ts';
import type { Embedder } from '../embedding/embedder.ts';
import type { Dictionary } from '../crosslingual/dictionary.ts';
import type { IndexData } from '../index/store.ts';
import { Retriever } from '../retrieval/retriever.ts';
import { ANSWER_CANDIDATES, composeAnswer } from '../answer/compose.ts';
import type { ConfidenceModel } from '../answer/confidence.ts';
import { denseSearchCheck } from './compatibility.ts';

/** What every snapshot of one engine shares. */
export interface SnapshotServices {
  analyzer: Analyzer;
  embedder: Embedder | null;
  dictionary: Dictionary | null;
  embeddingDtype: string;
  /** A server: vectors of another model mean lexical search (not an error), and retrievers warm up ahead of questions. */
  keepServing: boolean;
  /** The answer/abstain decision (the fitted model, or its threshold moved by CONFIDENCE_THRESHOLD). */
  confidence: ConfidenceModel;
  logger?: Logger | undefined;
}

/** What one question asks of a snapshot, after the engine has read its options. */
export interface AnswerRequest {
  lang: Lang;
  mode: SearchMode;
  /** Quotes per page, and quotes skipped before it ("More results"). */
  k: number;
  offset: number;
  context?: ConversationContext | undefined;
}

export class IndexSnapshot {
  private readonly documentsById: Map<string, ArticleDocument>;
  private readonly passageNumbers: Map<string, number>;
  private readonly infos: DocumentInfo[];
  private readonly infoById: Map<string, DocumentInfo>;
  /** Normalized "title id" per document, for autocomplete. */
  private readonly searchKeys: string[];

  private constructor(
    readonly data: IndexData,
    readonly retriever: Retriever,
    /** Why this version is searched lexically only, when it is. */
    readonly notices: readonly string[],
    private readonly services: SnapshotServices,
  ) {
    this.documentsById = new Map(data.documents.map((document) => [document.docId, document]));
    const perDocument = new Map<string, number>();
    for (const passage of data.passages) perDocument.set(passage.docId, (perDocument.get(passage.docId) ?? 0) + 1);
    this.infos = data.documents.map((document) => ({
      docId: document.docId,
      title: document.title,
      source: document.source ?? null,
      url: document.url ?? null,
      date: document.date ?? null,
      passages: perDocument.get(document.docId) ?? 0,
    }));
    this.passageNumbers = new Map(data.passages.map((passage, number) => [passage.passageId, number]));
    this.infoById = new Map(this.infos.map((info) => [info.docId, info]));
    this.searchKeys = this.infos.map((info) => normalizeArabic(`${info.title} ${info.docId}`).toLowerCase());
  }

  /** Throws IndexMismatch for another model's vectors unless the engine keeps serving. */
  static open(data: IndexData, services: SnapshotServices): IndexSnapshot {
    const dense = denseSearchCheck(data, services.embedder, services.embeddingDtype, services.keepServing);
    const retriever = new Retriever(data, services.analyzer, dense.usable ? services.embedder : null, services.dictionary);
    if (services.keepServing) void retriever.warmUp().catch((error: unknown) => services.logger?.warn({ err: error }, 'warm-up failed'));
    return new IndexSnapshot(data, retriever, dense.notices, services);
  }

  async answer(question: string, request: AnswerRequest): Promise<Answer> {
    const { lang, mode, k, offset, context } = request;
    // Always the same candidates, so that every page groups them into the same quotes.
    const retrieval = await this.retriever.retrieve(question, lang, mode, ANSWER_CANDIDATES, context);
    const { analyzer, confidence } = this.services;
    return composeAnswer({ question, lang, retrieval, passages: this.data.passages, documentsById: this.documentsById, analyzer, offset, k, confidence });
  }

  stats(searchMode: SearchMode): EngineStats {
    const dates = this.infos
      .map((info) => info.date)
      .filter((date): date is string => !!date)
      .sort();
    return {
      documents: this.infos.length,
      passages: this.data.passages.length,
      model: this.data.manifest.model?.id ?? null,
      mode: this.retriever.canUseDense ? searchMode : 'lexical',
      dateRange: dates.length ? { from: dates[0]!, to: dates[dates.length - 1]! } : null,
      builtAt: this.data.manifest.createdAt,
    };
  }

  listDocuments(): DocumentInfo[] {
    return this.infos;
  }

  getDocument(docId: string): DocumentInfo | undefined {
    return this.infoById.get(docId);
  }

  getDocumentOpening(docId: string, maxChars: number): string | undefined {
    const document = this.documentsById.get(docId);
    if (!document) return undefined;
    let end = 0;
    for (const sentence of splitSentences(document.text)) {
      if (sentence.end > maxChars && end > 0) break;
      end = Math.min(sentence.end, maxChars);
    }
    return document.text.slice(0, end).trim();
  }

  getPassage(passageId: string): PassageView | undefined {
    const number = this.passageNumbers.get(passageId);
    const passage = number === undefined ? undefined : this.data.passages[number];
    if (!passage) return undefined;
    const document = this.documentsById.get(passage.docId)!;
    return {
      passageId: passage.passageId,
      docId: passage.docId,
      ordinal: passage.ordinal,
      text: document.text.slice(passage.span.start, passage.span.end),
      document: this.infoById.get(passage.docId)!,
    };
  }

  suggestDocuments(query: string, limit: number): DocumentInfo[] {
    const needle = normalizeArabic(query).toLowerCase().trim();
    if (!needle) return this.infos.slice(0, limit);
    const starts: DocumentInfo[] = [];
    const contains: DocumentInfo[] = [];
    this.searchKeys.forEach((key, index) => {
      const position = key.indexOf(needle);
      if (position < 0) return;
      (position === 0 || key[position - 1] === ' ' ? starts : contains).push(this.infos[index]!);
    });
    return [...starts, ...contains].slice(0, limit);
  }
}
