/**
 * The engine once started: questions and lookups are served by the current snapshot, and a
 * rebuild swaps in the next one only when the new version is complete and loaded. A server's engine
 * may start with no snapshot (no index yet, or none it can serve) and get its first from a rebuild
 * run in the background: until then questions are refused with INDEX_BUILDING and lookups find nothing.
 */
import type { CoreConfig } from '../config.ts';
import type { Answer, AskOptions, BuildProgress, BuildSummary, DocumentInfo, EngineStats, PassageView, QaEngine, RebuildStatus } from '../types.ts';
import { ErrorCodes, UserError } from '../errors.ts';
import type { Analyzer } from '../text/analyzer.ts';
import { detectLanguage } from '../text/language.ts';
import type { IndexData } from '../index/store.ts';
import { prepareQuestion } from '../retrieval/question.ts';
import type { IndexBuilder } from './builds.ts';
import { Rebuilds } from './rebuilds.ts';
import { IndexSnapshot, type SnapshotServices } from './snapshot.ts';

export interface Engine extends QaEngine {
  /** One-line notices from start-up (model not loaded, dictionary missing, …) and about the version served. */
  readonly notices: string[];
  readonly analyzer: Analyzer;
  /** Latest build's summary when this engine built the index itself. */
  readonly lastBuild: BuildSummary | null;
  /** Set when the engine started without a servable index (buildInBackground): why a build is needed. reindex() runs it. */
  readonly pendingBuild: string | null;
}

export interface EngineParts {
  config: CoreConfig;
  services: SnapshotServices;
  builder: IndexBuilder;
  /** Start-up notices that hold as long as the engine runs (model, dictionary). */
  notices: readonly string[];
}

/** What a question gets before the first index is ready (the bot says it with the build's progress first). */
const NO_INDEX_YET = new UserError(ErrorCodes.IndexBuilding, {
  en: 'The index is not ready yet: it is being built. Please ask again in a few minutes.',
  ar: 'الفهرس غير جاهز بعد: جارٍ بناؤه. اسأل مجددًا بعد بضع دقائق.',
});

export class CoreEngine implements Engine {
  private snapshot: IndexSnapshot | null;
  /** About the version served (a damaged one replaced by an older one, …); a finished rebuild clears them. */
  private readonly versionWarnings: string[] = [];
  private readonly rebuilds = new Rebuilds((onProgress) => this.rebuild(onProgress));
  pendingBuild: string | null = null;

  constructor(
    private readonly parts: EngineParts,
    first: IndexSnapshot | null,
    private built: BuildSummary | null,
    /** With no first snapshot: a version the first build may take unchanged documents from (another analyzer's). */
    private carryFrom: IndexData | null = null,
  ) {
    this.snapshot = first;
  }

  get notices(): string[] {
    const waiting = this.snapshot ? [] : ['There is no index to search yet: it is being built, or its first build failed (see the log; /reindex retries).'];
    return [...this.parts.notices, ...this.versionWarnings, ...waiting, ...(this.snapshot?.notices ?? [])];
  }

  get analyzer(): Analyzer {
    return this.parts.services.analyzer;
  }

  get lastBuild(): BuildSummary | null {
    return this.built;
  }

  /** The version being served (null before the first build). */
  get current(): IndexData | null {
    return this.snapshot?.data ?? null;
  }

  hasIndex(): boolean {
    return this.snapshot !== null;
  }

  private served(): IndexSnapshot {
    if (!this.snapshot) throw NO_INDEX_YET;
    return this.snapshot;
  }

  /** Serves `next` instead of `damaged`, unless something else replaced it meanwhile. */
  replaceDamaged(damaged: IndexData, next: IndexData, warning: string | null): void {
    if (this.snapshot?.data !== damaged) return;
    this.snapshot = IndexSnapshot.open(next, this.parts.services);
    if (warning) this.versionWarnings.push(warning);
  }

  warn(warning: string): void {
    this.versionWarnings.push(warning);
  }

  async ask(rawQuestion: string, options: AskOptions = {}): Promise<Answer> {
    const { config } = this.parts;
    const question = prepareQuestion(rawQuestion, config.maxQuestionChars);
    const detected = detectLanguage(question);
    const lang = detected === 'other' ? (options.langHint ?? 'ar') : detected;
    const k = Math.min(Math.max(options.k ?? config.defaultResults, 1), 10);
    const offset = Math.max(options.offset ?? 0, 0);
    // The snapshot answers whole: a swap during the search does not mix two versions.
    return this.served().answer(question, { lang, mode: options.mode ?? config.searchMode, k, offset, context: options.context });
  }

  stats(): EngineStats {
    const mode = this.parts.config.searchMode;
    return this.snapshot?.stats(mode) ?? { documents: 0, passages: 0, model: null, mode: 'lexical', dateRange: null, builtAt: null };
  }

  listDocuments(): DocumentInfo[] {
    return this.snapshot?.listDocuments() ?? [];
  }

  getDocument(docId: string): DocumentInfo | undefined {
    return this.snapshot?.getDocument(docId);
  }

  getDocumentOpening(docId: string, maxChars: number): string | undefined {
    return this.snapshot?.getDocumentOpening(docId, maxChars);
  }

  getPassage(passageId: string): PassageView | undefined {
    return this.snapshot?.getPassage(passageId);
  }

  suggestDocuments(query: string, limit: number): DocumentInfo[] {
    return this.snapshot?.suggestDocuments(query, limit) ?? [];
  }

  reindex(): Promise<BuildSummary> {
    return this.rebuilds.start();
  }

  rebuildStatus(): RebuildStatus | null {
    return this.rebuilds.status();
  }

  onRebuildProgress(listener: (progress: BuildProgress) => void): () => void {
    return this.rebuilds.follow(listener);
  }

  private async rebuild(onProgress: (progress: BuildProgress) => void): Promise<BuildSummary> {
    const { builder } = this.parts;
    this.built = await builder.build(this.snapshot?.data ?? this.carryFrom, onProgress);
    const next = await builder.loadBuilt();
    this.snapshot = IndexSnapshot.open(next, this.parts.services); // swap only once the new version is complete and loaded
    this.carryFrom = null;
    this.pendingBuild = null;
    this.versionWarnings.length = 0;
    return this.built;
  }

  async close(): Promise<void> {
    await this.rebuilds.settled();
    await this.parts.services.embedder?.close();
  }
}
