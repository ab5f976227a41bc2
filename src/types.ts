/**
 * Shared data shapes. Data flows one way:
 * corpus → passages → indexes → retrieval → answer → Discord or CLI.
 */

/** A half-open character range [start, end) in a document's original text. */
export interface Span {
  start: number;
  end: number;
}

export type Lang = 'ar' | 'en' | 'other';

/** Where a piece of a repaired text comes from: text[start, end) is the article as read at [source, source + end − start). */
export interface SourceSegment {
  start: number;
  end: number;
  source: number;
}

/** One article as loaded from corpus/ (or an eval corpus file). */
export interface ArticleDocument {
  docId: string;
  title: string;
  /**
   * The article text as read (only BOM removed and CRLF → LF), with one repair: lines whose halves
   * PDF extraction swapped are put back in order (text/repair.ts), and then `sourceMap` says where
   * each piece lies in the text as read. Quotes are exact slices of this text.
   */
  text: string;
  /** Present when `text` was repaired: its pieces in order, each with its offset in the text as read. */
  sourceMap?: SourceSegment[];
  source?: string;
  url?: string;
  /** ISO date (YYYY-MM-DD or full ISO timestamp) when the source gives one. */
  date?: string;
  lang?: string;
  /** Where it came from, relative to the corpus folder (for warnings and `/source`). */
  origin: string;
  /** sha256 of title + metadata + text: detects changed documents between builds. */
  contentHash: string;
}

/** A few sentences of one document; `span` is a slice of the document's original text. */
export interface Passage {
  passageId: string;
  docId: string;
  /** 0-based position of the passage in its document. */
  ordinal: number;
  span: Span;
  /** Sentence spans (in document coordinates) that make up this passage, in order. */
  sentences: Span[];
}

export type SearchMode = 'hybrid' | 'lexical' | 'dense';

/** One quoted result as shown to users (CLI `--json` schema, Discord embeds). */
export interface AnswerResult {
  rank: number;
  docId: string;
  passageId: string;
  title: string;
  source: string | null;
  url: string | null;
  date: string | null;
  /** Exact slice of the article text (ArticleDocument.text). */
  quote: string;
  /**
   * Where the quote lies in the article as read from its file: one span, or one per piece when
   * repaired lines were put back in order (the pieces' texts, joined, are the quote).
   */
  fileSpans?: Span[];
  /** The key sentence: an exact slice of the original, contained in `quote`. */
  sentence: string;
  /** Where `sentence` lies inside `quote` (character offsets into `quote`). */
  sentenceSpan: Span;
  /**
   * The part of `quote` to show in bold: the key sentence when the answer is confident; null when it
   * is not (a passage that may not answer has no answering sentence to point at).
   */
  bold: Span | null;
  score: number;
}

export interface Answer {
  question: string;
  lang: Lang;
  mode: SearchMode;
  /** False when nothing answers confidently: results then hold the closest passage, labelled as such. */
  confident: boolean;
  /** The calibrated probability (0–1) that the first quote answers the question; `confident` is it reaching the threshold. */
  confidence: number;
  results: AnswerResult[];
  /** One-line notices for the user (e.g. "model not loaded: lexical only", "no English dictionary"). */
  notices: string[];
}

export interface DocumentInfo {
  docId: string;
  title: string;
  source: string | null;
  url: string | null;
  date: string | null;
  passages: number;
}

export interface BuildProgress {
  phase: 'passages' | 'embed' | 'lexical' | 'write';
  done: number;
  total: number;
}

/** A rebuild under way. */
export interface RebuildStatus {
  /** Its latest progress report; null until the first. */
  progress: BuildProgress | null;
}

export interface BuildSummary {
  documents: number;
  passages: number;
  embedded: number;
  reused: number;
  /** The previous version's HNSW graph was carried over (reused vectors kept, new ones added) rather than built again. */
  graphCarried?: boolean;
  seconds: number;
  mode: SearchMode;
  skipped: Array<{ origin: string; reason: string }>;
}

/**
 * What a follow-up question is asked with: the conversation it belongs to (a thread, a chain of
 * replies). The core knows nothing of Discord; the caller keeps the conversation.
 */
export interface ConversationContext {
  /** The conversation's earlier questions, oldest first (the caller keeps the last few). */
  earlierQuestions: string[];
  /** Passages already shown in the conversation: not shown again unless still the best. */
  shownPassageIds: string[];
}

export interface AskOptions {
  /** How many passages to return (1–10). */
  k?: number;
  mode?: SearchMode;
  /** Language hint (e.g. from a Discord locale) used when the question itself is ambiguous. */
  langHint?: Lang;
  /** Skip this many top results (for "More results"): counted in distinct quotes, so pages never repeat one. */
  offset?: number;
  /** A follow-up: understood with the conversation's earlier questions (retrieval/followUp.ts). */
  context?: ConversationContext;
}

export interface PassageView {
  passageId: string;
  docId: string;
  ordinal: number;
  /** Exact slice of the original text. */
  text: string;
  document: DocumentInfo;
}

export interface EngineStats {
  documents: number;
  passages: number;
  model: string | null;
  mode: SearchMode;
  /** Earliest and latest document dates, when any document has one. */
  dateRange: { from: string; to: string } | null;
  builtAt: string | null;
}

/**
 * What the Discord bot and the CLI need from the retrieval core. The core knows nothing of Discord.
 */
export interface QaEngine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  stats(): EngineStats;
  listDocuments(): DocumentInfo[];
  getDocument(docId: string): DocumentInfo | undefined;
  /** The article's opening (up to maxChars, cut at a sentence break), exact slice of the original. */
  getDocumentOpening(docId: string, maxChars: number): string | undefined;
  getPassage(passageId: string): PassageView | undefined;
  /** Autocomplete over titles and ids; matches Arabic (normalized) and Latin typing. */
  suggestDocuments(query: string, limit: number): DocumentInfo[];
  /**
   * Rebuild the index from the corpus in the background and swap to it when complete.
   * A call while a rebuild runs joins it (same promise); questions are answered from the old index meanwhile.
   */
  reindex(): Promise<BuildSummary>;
  /** The rebuild reindex() started, while it runs; null when none runs. */
  rebuildStatus(): RebuildStatus | null;
  /**
   * Whether there is an index to search. A server's engine can start without one (the bot logs in
   * first and builds in the background); until then ask() throws INDEX_BUILDING and lookups find nothing.
   */
  hasIndex(): boolean;
  /**
   * Follows rebuilds' progress: the running rebuild's latest report at once (when it has one), then
   * every report, of this rebuild and any later one, until the returned function is called.
   */
  onRebuildProgress(listener: (progress: BuildProgress) => void): () => void;
  close(): Promise<void>;
}
