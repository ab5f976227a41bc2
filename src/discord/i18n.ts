/**
 * Interface text in Arabic and English. Quotes are never translated: they stay in their original
 * Arabic; only the bot's own words change language.
 *
 * Language choice: the question's own language decides, as the engine detects it (text/language.ts:
 * Arabic letters → Arabic, Latin → English), so the bot's words and the answer agree; when the text
 * has neither (an id, digits), the hints decide in order (the user's last question, then the
 * interaction's locale). Discord has no Arabic client locale yet, so the locale hint only matters if
 * it ever gains one.
 */
import type { BuildProgress, BuildSummary, EngineStats } from '../types.ts';
import { detectLanguage } from '../text/language.ts';
import { ARTICLE, arabicCount, FILE, PASSAGE, SECOND } from './plural.ts';

export type UiLang = 'ar' | 'en';

/** The UI language a text is written in, or null when it has no Arabic or Latin letters. */
export function detectUiLang(text: string): UiLang | null {
  const lang = detectLanguage(text);
  return lang === 'other' ? null : lang;
}

export function uiLangFromLocale(locale: string | null | undefined): UiLang | null {
  if (!locale) return null;
  return locale.toLowerCase().startsWith('ar') ? 'ar' : null;
}

/** First decisive answer: the text's own language, then each hint in order, then English. */
export function chooseUiLang(text: string | null | undefined, ...hints: Array<UiLang | null | undefined>): UiLang {
  const fromText = text ? detectUiLang(text) : null;
  if (fromText) return fromText;
  for (const hint of hints) if (hint) return hint;
  return 'en';
}

const PHASES_EN: Record<BuildProgress['phase'], string> = {
  passages: 'splitting into passages',
  embed: 'computing embeddings',
  lexical: 'building the word index',
  write: 'saving the index',
};

const PHASES_AR: Record<BuildProgress['phase'], string> = {
  passages: 'تقسيم المقالات إلى مقاطع',
  embed: 'حساب المتجهات الدلالية',
  lexical: 'بناء فهرس الكلمات',
  write: 'حفظ الفهرس',
};

function percent(done: number, total: number): string {
  return total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
}

const en = {
  questionLabel: 'Question',
  resultsHeading: (from: number, to: number) => (from === to ? `Best matching passage (result ${from}):` : `Best matching passages (results ${from}–${to}):`),
  notConfident: 'I found no confident answer to this in the articles. The closest passage is below, but it may not answer your question.',
  noResults: 'Nothing in the articles matches this question.',
  noMoreResults: 'No more results for this question.',
  sourceField: (rank: number) => `Source ${rank}`,
  closestField: 'Closest passage (not a confident answer)',
  continued: '(continued)',
  idLabel: 'ID',
  fullPassageButton: (rank: number) => `Full passage ${rank}`,
  moreResultsButton: 'More results',
  previousButton: 'Previous',
  nextButton: 'Next',
  passageTitle: (ordinal: number) => `Passage ${ordinal + 1}`,
  documentField: 'Document',
  openingTitle: 'Opening of the article',
  passagesCount: (count: number) => `${count} passages`,
  sourcesTitle: 'Articles in the corpus',
  sourcesFooter: (page: number, pages: number, count: number) => `Page ${page}/${pages} · ${count} articles · open one with /source`,
  noDocuments: 'The corpus has no articles yet.',
  // Errors and refusals: always private.
  mentionHowTo: 'Ask me after the mention, for example: @me Who is the governor of Homs?',
  rateLimitedUser: (seconds: number) => `You are asking quickly. Please try again in ${seconds} s.`,
  rateLimitedGuild: (seconds: number) => `This server is asking a lot right now. Please try again in ${seconds} s.`,
  unknownSource: (id: string) => `I don't know a passage or article with the id "${id}". Try /source and pick one from the list, or /sources.`,
  expiredButton: 'This button has expired (I restarted or it is too old). Please ask again with /ask.',
  badButton: 'That button is not valid any more.',
  unknownCommand: 'This command is not available any more.',
  unexpected: 'Sorry, something went wrong on my side. Please try again in a moment.',
  shuttingDown: 'I am restarting. Please try again in a minute.',
  // Reindex
  reindexStarted: 'Rebuilding the index… I keep answering from the current index until the new one is complete.',
  reindexJoined: 'A rebuild is already running; following it here.',
  reindexProgress: (progress: BuildProgress) =>
    `Rebuilding the index: ${PHASES_EN[progress.phase]} ${progress.done}/${progress.total}${percent(progress.done, progress.total)}`,
  reindexDone: (summary: BuildSummary) =>
    `Index rebuilt in ${summary.seconds.toFixed(1)} s: ${summary.documents} articles, ${summary.passages} passages ` +
    `(${summary.embedded} embedded, ${summary.reused} reused), mode ${summary.mode}. Questions now use the new index.`,
  reindexSkipped: (count: number) => `Skipped ${count} file(s):`,
  reindexFailed: 'The rebuild failed; questions are still answered from the previous index. The details are in the log.',
  // Help
  helpTitle: 'News Q&A: how to ask',
  helpBody: (stats: EngineStats) =>
    [
      `I answer questions about ${stats.documents} news articles (${stats.passages} passages) by quoting the passages that answer them, with their sources.`,
      stats.dateRange ? `Articles from ${stats.dateRange.from} to ${stats.dateRange.to}.` : 'The articles carry no dates.',
      `Search: ${stats.mode}${stats.model ? ` with the model ${stats.model}` : ' (word matching only)'}.`,
      '',
      '**How to ask** (Arabic or English):',
      '• `/ask question:` your question, optionally `results:` 1–5 and `private:` True',
      '• or mention me: @me Who is the governor of Homs?',
      '• ask a follow-up in the thread of an answer, or reply to one of my answers: I keep the earlier questions in mind',
      '• `/source id:` shows a passage or an article (type a few letters of a title)',
      '• `/sources` lists the articles',
      "• `/reindex` rebuilds the index (the bot's admins)",
      '• `/settings` where and how I answer in this server (its managers)',
      "• `/stats` what people asked, how often the articles answered, how the answers were rated (the bot's admins)",
    ].join('\n'),
  // Administering the deployment
  adminOnly: "Sorry, only this bot's administrators can do that: the admins it was configured with, or members with Manage Server in its home server.",
  reindexCooldown: (seconds: number) => `The index was rebuilt a moment ago. Please wait ${seconds} s before rebuilding it again.`,
  reindexMoved: (url: string) => `Discord lets me update this reply for 15 minutes only; the rebuild's progress and result continue here: ${url}`,
  reindexMovedNowhere:
    'Discord lets me update this reply for 15 minutes only, and I may not post in this channel or send you a direct message: run /reindex again to follow the rebuild (it joins the running one); the result will be in the log.',
  reindexContinued: (user: string) =>
    `Index rebuild started with /reindex by ${user} (continued here from the command's reply, which Discord lets me update for 15 minutes only):`,
  reindexInterrupted: 'The rebuild was interrupted: I am shutting down. The index in use is unchanged; run /reindex again once I am back.',
  // The index before its first build
  indexBuilding: (progress: BuildProgress | null) =>
    `I am still building the index${progress ? `: ${PHASES_EN[progress.phase]}${percent(progress.done, progress.total)}` : ''}. Please ask again in a few minutes.`,
  indexUnavailable: 'There is no index to search yet: its first build did not finish. An admin can run /reindex; the details are in the log.',
  // Channel permissions
  cannotPostHere: 'I may not post in this channel, so only you can see this answer.',
  // Threads
  threadFallbackName: 'Question',
  // Server settings (/settings)
  settingsTitle: 'My settings in this server',
  settingsIntro: "Changes apply to the next question. Values marked (default) come from the bot's configuration until you change them.",
  settingLabels: {
    answerChannelIds: 'Mentions answered in',
    replyMode: 'A mention is answered',
    forumChannelIds: 'New forum posts answered in',
    defaultResults: 'Passages per answer',
    answersPrivate: '/ask answers',
    language: 'My language',
  },
  everyChannel: 'every channel',
  noForums: 'no forum',
  replyModes: { reply: 'with a reply in the channel', thread: 'in a thread opened on the question' },
  visibilities: { public: 'public (private:True hides one)', private: 'private (private:False shows one)' },
  languages: { auto: "the question's (Arabic or English)", ar: 'Arabic', en: 'English' },
  defaultMark: '(default)',
  settingsChanged: (labels: string[]) => `Changed: ${labels.join('; ')}.`,
  settingsUnchanged: 'Nothing changed: those are the settings already.',
  settingsUnavailable: (problem: string) => `I cannot read or change this server's settings now (${problem}); I answer with the defaults meanwhile.`,
  settingsServersOnly: '/settings is for servers: use it in the server whose settings you want to see or change.',
  serverManagersOnly: "Sorry, only members with Manage Server in this server (or the bot's administrators) can change my settings here.",
  // Feedback on answers (👍 / 👎 under each recorded answer; always answered privately)
  voteThanks: (emoji: string) => `Thanks for your feedback: you rated this answer ${emoji}.`,
  voteChanged: (emoji: string) => `Your rating of this answer is now ${emoji}.`,
  voteUnchanged: (emoji: string) => `You already rated this answer ${emoji}.`,
  voteWhy: 'If you like, say what was wrong with it:',
  voteWhyPlaceholder: 'What was wrong? (optional)',
  voteReasonNoted: (reason: string) => `Thanks, noted: you rated this answer 👎 (${reason}).`,
  voteNotRecorded: 'Sorry, I cannot record a rating for this answer: it is no longer in my records (too old, or ratings are off).',
  // /stats
  statsTitle: 'What users asked, and how they rated the answers',
};

export type UiStrings = typeof en;

const ar: UiStrings = {
  questionLabel: 'السؤال',
  resultsHeading: (from, to) => (from === to ? `أقرب مقطع إلى سؤالك (النتيجة ${from}):` : `أقرب المقاطع إلى سؤالك (النتائج ${from}–${to}):`),
  notConfident: 'لم أجد في المقالات إجابة مؤكدة عن سؤالك. هذا أقرب مقطع، وقد لا يجيب عنه.',
  noResults: 'لا شيء في المقالات يطابق هذا السؤال.',
  noMoreResults: 'لا توجد نتائج أخرى لهذا السؤال.',
  sourceField: (rank) => `المصدر ${rank}`,
  closestField: 'أقرب مقطع (ليس إجابة مؤكدة)',
  continued: '(تتمة)',
  idLabel: 'المعرّف',
  fullPassageButton: (rank) => `النص الكامل ${rank}`,
  moreResultsButton: 'نتائج أخرى',
  previousButton: 'السابق',
  nextButton: 'التالي',
  passageTitle: (ordinal) => `المقطع ${ordinal + 1}`,
  documentField: 'المقالة',
  openingTitle: 'بداية المقالة',
  passagesCount: (count) => arabicCount(count, PASSAGE),
  sourcesTitle: 'المقالات في المجموعة',
  sourcesFooter: (page, pages, count) => `الصفحة ${page}/${pages} · ${arabicCount(count, ARTICLE)} · اعرض إحداها بالأمر ‎/source`,
  noDocuments: 'لا توجد مقالات في المجموعة بعد.',
  mentionHowTo: 'اكتب سؤالك بعد الإشارة إليّ، مثلًا: @البوت من هو محافظ حمص؟',
  rateLimitedUser: (seconds) => `أنت تسأل بسرعة. حاول مجددًا بعد ${arabicCount(seconds, SECOND, 'genitive')}.`,
  rateLimitedGuild: (seconds) => `هذا الخادم يسأل كثيرًا الآن. حاول مجددًا بعد ${arabicCount(seconds, SECOND, 'genitive')}.`,
  unknownSource: (id) => `لا أعرف مقطعًا أو مقالة بالمعرّف "${id}". جرّب ‎/source واختر من القائمة، أو ‎/sources.`,
  expiredButton: 'انتهت صلاحية هذا الزر (أُعيد تشغيلي أو مضى وقت طويل). اسأل مجددًا بالأمر ‎/ask.',
  badButton: 'هذا الزر لم يعد صالحًا.',
  unknownCommand: 'هذا الأمر لم يعد متاحًا.',
  unexpected: 'عذرًا، حدث خطأ من جهتي. حاول مجددًا بعد قليل.',
  shuttingDown: 'أُعيد تشغيلي الآن. حاول مجددًا بعد دقيقة.',
  reindexStarted: 'جارٍ إعادة بناء الفهرس… أواصل الإجابة من الفهرس الحالي حتى يكتمل الجديد.',
  reindexJoined: 'إعادة البناء جارية بالفعل؛ أتابعها هنا.',
  reindexProgress: (progress) => `إعادة بناء الفهرس: ${PHASES_AR[progress.phase]} ${progress.done}/${progress.total}${percent(progress.done, progress.total)}`,
  reindexDone: (summary) =>
    `اكتملت إعادة بناء الفهرس في ${summary.seconds.toFixed(1)} ث: ${arabicCount(summary.documents, ARTICLE)}، ${arabicCount(summary.passages, PASSAGE)} ` +
    `(متجهات محسوبة: ${summary.embedded}، معاد استخدامها: ${summary.reused})، الوضع ${summary.mode}. الأسئلة تستخدم الفهرس الجديد الآن.`,
  reindexSkipped: (count) => `تم تخطي ${arabicCount(count, FILE, 'genitive')}:`,
  reindexFailed: 'فشلت إعادة البناء؛ ما زلت أجيب من الفهرس السابق. التفاصيل في السجل.',
  helpTitle: 'أسئلة الأخبار: كيف تسأل',
  helpBody: (stats) =>
    [
      `أجيب عن الأسئلة حول الأخبار في ${arabicCount(stats.documents, ARTICLE, 'genitive')} (${arabicCount(stats.passages, PASSAGE)}) باقتباس المقاطع التي تجيب عنها مع مصادرها.`,
      stats.dateRange ? `المقالات من ${stats.dateRange.from} إلى ${stats.dateRange.to}.` : 'المقالات بلا تواريخ.',
      `البحث: ${stats.mode}${stats.model ? ` بالنموذج ${stats.model}` : ' (مطابقة الكلمات فقط)'}.`,
      '',
      '**كيف تسأل** (بالعربية أو الإنجليزية):',
      '• ‎`/ask question:` ثم سؤالك، ويمكن إضافة ‎`results:` من 1 إلى 5 و‎`private:` True',
      '• أو أشِر إليّ: @البوت من هو محافظ حمص؟',
      '• اسأل سؤالًا متابعًا في سلسلة الإجابة أو بالرد على إحدى إجاباتي: أتذكر الأسئلة السابقة',
      '• ‎`/source id:` يعرض مقطعًا أو مقالة (اكتب بعض حروف العنوان)',
      '• ‎`/sources` يعرض قائمة المقالات',
      '• ‎`/reindex` يعيد بناء الفهرس (لمشرفي البوت)',
      '• ‎`/settings` أين وكيف أجيب في هذا الخادم (لمديريه)',
      '• ‎`/stats` ماذا سأل الناس، وكم أجابت المقالات، وكيف قُيّمت الإجابات (لمشرفي البوت)',
    ].join('\n'),
  adminOnly: 'عذرًا، هذا متاح فقط لمشرفي البوت: المشرفون المحددون في إعداداته، أو من لديه صلاحية إدارة الخادم في خادمه الأساسي.',
  reindexCooldown: (seconds) => `أُعيد بناء الفهرس قبل قليل. انتظر ${arabicCount(seconds, SECOND, 'genitive')} قبل إعادة بنائه مجددًا.`,
  reindexMoved: (url) => `يسمح لي ديسكورد بتحديث هذا الرد مدة 15 دقيقة فقط؛ يستمر عرض تقدم إعادة البناء ونتيجتها هنا: ${url}`,
  reindexMovedNowhere:
    'يسمح لي ديسكورد بتحديث هذا الرد مدة 15 دقيقة فقط، ولا يمكنني النشر في هذه القناة ولا مراسلتك مباشرة: نفّذ ‎/reindex مجددًا لمتابعة إعادة البناء (ينضم إلى الجارية)؛ وستكون النتيجة في السجل.',
  reindexContinued: (user) => `إعادة بناء الفهرس التي بدأها ${user} بالأمر ‎/reindex (تتمة الرد على الأمر، إذ يسمح لي ديسكورد بتحديثه مدة 15 دقيقة فقط):`,
  reindexInterrupted: 'توقفت إعادة البناء: أنا أتوقف عن العمل الآن. الفهرس المستخدم لم يتغير؛ نفّذ ‎/reindex مجددًا بعد عودتي.',
  indexBuilding: (progress) =>
    `ما زلت أبني الفهرس${progress ? `: ${PHASES_AR[progress.phase]}${percent(progress.done, progress.total)}` : ''}. اسأل مجددًا بعد بضع دقائق.`,
  indexUnavailable: 'لا يوجد فهرس للبحث فيه بعد: لم يكتمل بناؤه الأول. يمكن لأحد المشرفين تنفيذ ‎/reindex؛ والتفاصيل في السجل.',
  cannotPostHere: 'لا يُسمح لي بالنشر في هذه القناة، لذا تظهر هذه الإجابة لك وحدك.',
  threadFallbackName: 'سؤال',
  settingsTitle: 'إعداداتي في هذا الخادم',
  settingsIntro: 'تسري التغييرات من السؤال التالي. القيم المعلَّمة (افتراضي) مأخوذة من إعدادات البوت حتى تغيّرها.',
  settingLabels: {
    answerChannelIds: 'أجيب عن الإشارات في',
    replyMode: 'أجيب عن الإشارة',
    forumChannelIds: 'أجيب عن المنشورات الجديدة في',
    defaultResults: 'عدد المقاطع في كل إجابة',
    answersPrivate: 'إجابات ‎/ask',
    language: 'لغتي',
  },
  everyChannel: 'كل القنوات',
  noForums: 'لا منتدى',
  replyModes: { reply: 'بردّ في القناة', thread: 'في سلسلة تُفتح على السؤال' },
  visibilities: { public: 'علنية (‎private:True يخفي إحداها)', private: 'خاصة (‎private:False يُظهر إحداها)' },
  languages: { auto: 'لغة السؤال (العربية أو الإنجليزية)', ar: 'العربية', en: 'الإنجليزية' },
  defaultMark: '(افتراضي)',
  settingsChanged: (labels) => `تم التغيير: ${labels.join('؛ ')}.`,
  settingsUnchanged: 'لم يتغير شيء: هذه هي الإعدادات الحالية.',
  settingsUnavailable: (problem) => `لا يمكنني قراءة إعدادات هذا الخادم أو تغييرها الآن (${problem})؛ أجيب بالإعدادات الافتراضية في الأثناء.`,
  settingsServersOnly: 'الأمر ‎/settings للخوادم: استخدمه في الخادم الذي تريد عرض إعداداته أو تغييرها.',
  serverManagersOnly: 'عذرًا، لا يغيّر إعداداتي هنا إلا من لديه صلاحية إدارة الخادم في هذا الخادم (أو مشرفو البوت).',
  voteThanks: (emoji) => `شكرًا على رأيك: قيّمت هذه الإجابة ${emoji}.`,
  voteChanged: (emoji) => `أصبح تقييمك لهذه الإجابة ${emoji}.`,
  voteUnchanged: (emoji) => `سبق أن قيّمت هذه الإجابة ${emoji}.`,
  voteWhy: 'يمكنك إن شئت أن تذكر ما الخطأ فيها:',
  voteWhyPlaceholder: 'ما الخطأ؟ (اختياري)',
  voteReasonNoted: (reason) => `شكرًا، سُجّل تقييمك لهذه الإجابة 👎 (${reason}).`,
  voteNotRecorded: 'عذرًا، لا يمكنني تسجيل تقييم لهذه الإجابة: لم تعد في سجلاتي (قديمة جدًا، أو التقييمات متوقفة).',
  statsTitle: 'ماذا سأل المستخدمون، وكيف قيّموا الإجابات',
};

export const strings: Record<UiLang, UiStrings> = { en, ar };

export function t(lang: UiLang): UiStrings {
  return strings[lang];
}
