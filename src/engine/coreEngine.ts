/**
 * The engine once started: questions and lookups are served by the current snapshot, and a
 * rebuild swaps in the next one only when the new version is complete and loaded.
 */
import type { CoreConfig } from '../config.ts';
import type { Answer, AskOptions, BuildProgress, BuildSummary, DocumentInfo, EngineStats, PassageView, QaEngine, RebuildStatus } from '../types.ts';
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
}

export interface EngineParts {
  config: CoreConfig;
  services: SnapshotServices;
  builder: IndexBuilder;
  /** Start-up notices that hold as long as the engine runs (model, dictionary). */
  notices: readonly string[];
}

export class CoreEngine implements Engine {
  private snapshot: IndexSnapshot;
  /** About the version served (a damaged one replaced by an older one, …); a finished rebuild clears them. */
  private readonly versionWarnings: string[] = [];
  private readonly rebuilds = new Rebuilds((onProgress) => this.rebuild(onProgress));

  constructor(
    private readonly parts: EngineParts,
    first: IndexSnapshot,
    private built: BuildSummary | null,
  ) {
    this.snapshot = first;
  }

  get notices(): string[] {
    return [...this.parts.notices, ...this.versionWarnings, ...this.snapshot.notices];
  }

  get analyzer(): Analyzer {
    return this.parts.services.analyzer;
  }

  get lastBuild(): BuildSummary | null {
    return this.built;
  }

  /** The version being served. */
  get current(): IndexData {
    return this.snapshot.data;
  }

  /** Serves `next` instead of `damaged`, unless something else replaced it meanwhile. */
  replaceDamaged(damaged: IndexData, next: IndexData, warning: string | null): void {
    if (this.snapshot.data !== damaged) return;
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
    return this.snapshot.answer(question, lang, options.mode ?? config.searchMode, k, offset, this.analyzer);
  }

  stats(): EngineStats {
    return this.snapshot.stats(this.parts.config.searchMode);
  }

  listDocuments(): DocumentInfo[] {
    return this.snapshot.listDocuments();
  }

  getDocument(docId: string): DocumentInfo | undefined {
    return this.snapshot.getDocument(docId);
  }

  getDocumentOpening(docId: string, maxChars: number): string | undefined {
    return this.snapshot.getDocumentOpening(docId, maxChars);
  }

  getPassage(passageId: string): PassageView | undefined {
    return this.snapshot.getPassage(passageId);
  }

  suggestDocuments(query: string, limit: number): DocumentInfo[] {
    return this.snapshot.suggestDocuments(query, limit);
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
    this.built = await builder.build(this.snapshot.data, onProgress);
    const next = await builder.loadBuilt();
    this.snapshot = IndexSnapshot.open(next, this.parts.services); // swap only once the new version is complete and loaded
    this.versionWarnings.length = 0;
    return this.built;
  }

  async close(): Promise<void> {
    await this.rebuilds.settled();
    await this.parts.services.embedder?.close();
  }
}
