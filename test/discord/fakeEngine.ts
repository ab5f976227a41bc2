/**
 * A deterministic QaEngine for the bot's tests: a handful of Arabic articles (one with markdown and
 * mention tricks in its text and URL, one huge), answers chosen by keywords, a not-confident answer,
 * and a reindex the test drives step by step (progress, join, finish or fail). Joining and following
 * progress are the engine's own (Rebuilds), so the bot's tests see the real contract.
 */
import type {
  Answer,
  AnswerResult,
  AskOptions,
  BuildProgress,
  BuildSummary,
  DocumentInfo,
  EngineStats,
  PassageView,
  QaEngine,
  RebuildStatus,
} from '../../src/types.ts';
import { Rebuilds } from '../../src/engine/rebuilds.ts';

interface FakeDocument {
  info: Omit<DocumentInfo, 'passages'>;
  /** Passages of the document, in order; each has a key sentence (an exact slice of it). */
  passages: Array<{ text: string; sentence: string }>;
}

/** 60 sentences, about 6,600 characters: more than an embed description holds. */
export const HUGE_PASSAGE = Array.from(
  { length: 60 },
  (_, i) => `وأوضح التقرير في فقرته رقم ${i + 1} أن اللجنة راجعت الوثائق والشهادات المتعلقة بالأحداث الأخيرة في المنطقة بعناية شديدة.`,
).join(' ');
export const HUGE_KEY = `${HUGE_PASSAGE.split('. ')[30]!}.`;

export const TRICK_TEXT =
  'أعلن **الجيش** أن @everyone و<@&555> و<@123> `رمز` ||سر|| [رابط](https://evil.example) في المدينة. \n> اقتباس مزيف\n# عنوان كبير\n- بند أول\n1. بند مرقم';
export const TRICK_URL = 'https://example.com/news/a_b*c*/(x)?q=<@123>&e=@everyone';

export const documents: FakeDocument[] = [
  {
    info: {
      docId: 'homs-governor',
      title: 'محافظ حمص يتفقد أحياء المدينة القديمة',
      source: 'العربي الجديد',
      url: 'https://example.com/news/homs?id=1',
      date: '2016-03-24',
    },
    passages: [
      {
        text: 'تفقد المسؤولون الأحياء القديمة صباح الخميس. وقال محافظ حمص طلال البرازي إن أعمال الترميم ستبدأ الشهر المقبل. وأضاف أن الحكومة خصصت ميزانية لذلك.',
        sentence: 'وقال محافظ حمص طلال البرازي إن أعمال الترميم ستبدأ الشهر المقبل.',
      },
      {
        text: 'وأشار البرازي إلى أن عودة الأهالي مرهونة بإصلاح شبكات المياه والكهرباء. وتوقع اكتمال ذلك قبل نهاية العام.',
        sentence: 'وتوقع اكتمال ذلك قبل نهاية العام.',
      },
    ],
  },
  {
    info: { docId: 'palmyra-battle', title: 'معارك في محيط تدمر', source: 'وكالة *الأنباء*', url: TRICK_URL, date: '2016-03-20T10:00:00Z' },
    passages: [{ text: TRICK_TEXT, sentence: 'أعلن **الجيش** أن @everyone و<@&555> و<@123> `رمز` ||سر|| [رابط](https://evil.example) في المدينة.' }],
  },
  {
    info: { docId: 'raqqa-notes', title: 'Notes from Raqqa', source: null, url: null, date: null },
    passages: [
      { text: 'سيطرت القوات على الطريق الدولي قرب الرقة. وقالت مصادر محلية إن المدنيين نزحوا شمالًا.', sentence: 'وقالت مصادر محلية إن المدنيين نزحوا شمالًا.' },
    ],
  },
  {
    info: { docId: 'huge-report', title: 'تقرير مطول عن الأحداث', source: 'لجنة التحقيق', url: 'https://example.org/report', date: '2016-01-02' },
    passages: [{ text: HUGE_PASSAGE, sentence: HUGE_KEY }],
  },
];

// More documents so /sources has several pages and autocomplete has more than 25 candidates.
for (let i = 1; i <= 26; i++) {
  documents.push({
    info: {
      docId: `bulletin-${String(i).padStart(2, '0')}`,
      title: `نشرة أخبار حمص رقم ${i}`,
      source: 'نشرة',
      url: null,
      date: `2016-02-${String(i).padStart(2, '0')}`,
    },
    passages: [{ text: `هذه النشرة رقم ${i} عن أخبار حمص. لا جديد اليوم.`, sentence: `هذه النشرة رقم ${i} عن أخبار حمص.` }],
  });
}

function passageId(docId: string, ordinal: number): string {
  return `${docId}#${ordinal}`;
}

/** Arabic matching the way the real engine does it, roughly: no diacritics, one alef, lower case. */
export function normalize(text: string): string {
  return text
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .toLowerCase();
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const SUMMARY: BuildSummary = {
  documents: 30,
  passages: 31,
  embedded: 2,
  reused: 29,
  seconds: 1.25,
  mode: 'hybrid',
  skipped: [{ origin: 'bad_file.txt', reason: 'empty text' }],
};

export class FakeEngine implements QaEngine {
  readonly notices = ['embedding model not available: lexical search only'];
  readonly askCalls: Array<{ question: string; options: AskOptions }> = [];
  /** Rebuilds started (a /reindex that joins a running one starts none). */
  rebuildsStarted = 0;
  /** Milliseconds each ask() takes (the burst test uses a few). */
  askDelayMs = 0;
  /** false: no index yet (a start that builds in the background); a finished reindex makes it true. */
  indexReady = true;
  private rebuild: (Deferred<BuildSummary> & { onProgress: (progress: BuildProgress) => void }) | null = null;
  private readonly rebuilds = new Rebuilds((onProgress) => {
    this.rebuildsStarted++;
    const rebuild = { ...deferred<BuildSummary>(), onProgress };
    this.rebuild = rebuild;
    return rebuild.promise
      .then((summary) => {
        this.indexReady = true;
        return summary;
      })
      .finally(() => {
        if (this.rebuild === rebuild) this.rebuild = null;
      });
  });

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    this.askCalls.push({ question, options });
    if (this.askDelayMs) await new Promise((resolve) => setTimeout(resolve, this.askDelayMs));
    if (question.includes('boom')) throw new Error('engine exploded: internal detail');
    const k = options.k ?? 3;
    const offset = options.offset ?? 0;
    const lang = /\p{Script=Arabic}/u.test(question) ? 'ar' : 'en';
    let ranked: string[];
    let confident = true;
    if (/كوكب|planet|mars/i.test(question)) {
      confident = false;
      ranked = ['raqqa-notes#0', 'homs-governor#1'];
    } else if (/huge|تقرير/i.test(question)) {
      ranked = ['huge-report#0', 'homs-governor#0'];
    } else if (/trick|تدمر/i.test(question)) {
      ranked = ['palmyra-battle#0', 'homs-governor#0'];
    } else {
      ranked = [
        'homs-governor#0',
        'homs-governor#1',
        'palmyra-battle#0',
        'raqqa-notes#0',
        'huge-report#0',
        ...documents.slice(4).map((d) => passageId(d.info.docId, 0)),
      ];
    }
    const results = ranked.slice(offset, offset + k).map((id, index) => this.result(id, offset + index + 1));
    const answered = confident && results.length > 0;
    return {
      question,
      lang,
      mode: 'lexical',
      confident: answered,
      confidence: answered ? 0.9 : 0.1,
      results: answered ? results : results.map((r) => ({ ...r, bold: null })),
      notices: [],
    };
  }

  private result(id: string, rank: number): AnswerResult {
    const view = this.getPassage(id)!;
    const document = documents.find((d) => d.info.docId === view.docId)!;
    const sentence = document.passages[view.ordinal]!.sentence;
    const start = view.text.indexOf(sentence);
    return {
      rank,
      docId: view.docId,
      passageId: id,
      title: document.info.title,
      source: document.info.source,
      url: document.info.url,
      date: document.info.date,
      quote: view.text,
      sentence,
      sentenceSpan: { start, end: start + sentence.length },
      bold: { start, end: start + sentence.length },
      score: Number((1 / rank).toFixed(6)),
    };
  }

  stats(): EngineStats {
    return {
      documents: documents.length,
      passages: documents.reduce((n, d) => n + d.passages.length, 0),
      model: null,
      mode: 'lexical',
      dateRange: { from: '2016-01-02', to: '2016-03-24' },
      builtAt: '2024-01-01T00:00:00.000Z',
    };
  }

  listDocuments(): DocumentInfo[] {
    return documents.map((d) => ({ ...d.info, passages: d.passages.length }));
  }

  getDocument(docId: string): DocumentInfo | undefined {
    return this.listDocuments().find((d) => d.docId === docId);
  }

  getDocumentOpening(docId: string, maxChars: number): string | undefined {
    const document = documents.find((d) => d.info.docId === docId);
    return document?.passages
      .map((p) => p.text)
      .join(' ')
      .slice(0, maxChars);
  }

  getPassage(id: string): PassageView | undefined {
    const match = /^(.+)#(\d+)$/.exec(id);
    if (!match) return undefined;
    const document = documents.find((d) => d.info.docId === match[1]);
    const passage = document?.passages[Number(match[2])];
    if (!document || !passage) return undefined;
    return {
      passageId: id,
      docId: document.info.docId,
      ordinal: Number(match[2]),
      text: passage.text,
      document: { ...document.info, passages: document.passages.length },
    };
  }

  suggestDocuments(query: string, limit: number): DocumentInfo[] {
    const needle = normalize(query.trim());
    return this.listDocuments()
      .filter((d) => !needle || normalize(`${d.title} ${d.docId}`).includes(needle))
      .slice(0, limit);
  }

  reindex(): Promise<BuildSummary> {
    return this.rebuilds.start();
  }

  rebuildStatus(): RebuildStatus | null {
    return this.rebuilds.status();
  }

  hasIndex(): boolean {
    return this.indexReady;
  }

  onRebuildProgress(listener: (progress: BuildProgress) => void): () => void {
    return this.rebuilds.follow(listener);
  }

  /** Test controls for a running reindex. */
  emitProgress(progress: BuildProgress): void {
    this.rebuild?.onProgress(progress);
  }

  finishReindex(summary: BuildSummary = SUMMARY): void {
    this.rebuild?.resolve(summary);
  }

  failReindex(error: unknown): void {
    this.rebuild?.reject(error);
  }

  async close(): Promise<void> {}
}
