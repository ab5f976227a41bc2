/**
 * Pure functions from the core's data (Answer, PassageView, DocumentInfo, EngineStats) to Discord
 * messages. Every message returned here is within Discord's limits; a long answer becomes several
 * messages rather than a truncated one.
 *
 * Layout of an answer: the message content holds the question and a status line in the interface
 * language; each result is an embed whose description quotes the passage (key sentence in bold)
 * and whose one field holds the metadata, one item per line: title, source · date, link, passage
 * id. Arabic titles and sources are wrapped in first-strong isolates so they never reorder the
 * left-to-right parts around them, and the id sits in a left-to-right isolate.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type APIStringSelectComponent } from 'discord.js';
import type { Answer, AnswerResult, DocumentInfo, EngineStats, PassageView } from '../types.ts';
import { chunkRuns, chunkText, embedLength, escapeMarkdown, isolate, LIMITS, LRI, safeLink, truncate, type TextRun } from './format.ts';
import { fullId, MAX_OFFSET, moreId, sourcesId } from './customIds.ts';
import { t, type UiLang } from './i18n.ts';

type ButtonRow = APIActionRowComponent<APIButtonComponent>;
/** A row of a message's components: buttons, or a select menu (the reason for a 👎). */
export type MessageRow = APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>;

/** A file sent with a message (the /stats chart). */
interface OutgoingFile {
  name: string;
  data: Buffer;
}

export interface OutgoingMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: MessageRow[];
  files?: OutgoingFile[];
}

const COLORS = {
  answer: 0x2f80ed,
  closest: 0x95a5a6,
  source: 0x27ae60,
  help: 0x8e44ad,
} as const;

/** Longest question echoed back in an answer's header (the full question went to the engine). */
const QUESTION_ECHO_CHARS = 300;
const SOURCES_PER_PAGE = 10;
/** How much of an article /source shows when given a document id. */
export const OPENING_CHARS = 1500;

// ---------------------------------------------------------------- building blocks

interface MetadataInput {
  title: string;
  source: string | null;
  date: string | null;
  url: string | null;
  /** The id usable with /source. */
  id: string;
  extra?: string;
}

function dateOnly(date: string | null): string | null {
  return date ? date.slice(0, 10) : null;
}

function idLine(lang: UiLang, id: string): string {
  const code = id.includes('`') ? `\`\` ${id} \`\`` : `\`${id}\``;
  return `${t(lang).idLabel}: ${isolate(code, LRI)}`;
}

/** Metadata lines for one source, at most 1024 characters (a field value). */
export function metadataLines(lang: UiLang, meta: MetadataInput): string {
  const build = (titleMax: number, withLink: boolean) => {
    const lines = [isolate(escapeMarkdown(truncate(meta.title, titleMax)))];
    const byline = [meta.source ? isolate(escapeMarkdown(truncate(meta.source, 100))) : null, dateOnly(meta.date)].filter(Boolean);
    if (byline.length) lines.push(byline.join(' · '));
    const link = withLink ? safeLink(meta.url) : null;
    if (link) lines.push(link);
    lines.push(idLine(lang, truncate(meta.id, 200)));
    if (meta.extra) lines.push(meta.extra);
    return lines.join('\n');
  };
  for (const [titleMax, withLink] of [
    [200, true],
    [80, true],
    [80, false],
  ] as const) {
    const value = build(titleMax, withLink);
    if (value.length <= LIMITS.fieldValue) return value;
  }
  return truncate(build(40, false), LIMITS.fieldValue);
}

/** The quote as runs: the part the core marks bold (the key sentence of a confident answer, else none) bold, the rest plain. */
function quoteRuns(result: Pick<AnswerResult, 'quote' | 'bold'>): TextRun[] {
  const { quote, bold } = result;
  if (!bold) return quote ? [{ text: quote, bold: false }] : [];
  const start = Math.max(0, Math.min(bold.start, quote.length));
  const end = Math.max(start, Math.min(bold.end, quote.length));
  return [
    { text: quote.slice(0, start), bold: false },
    { text: quote.slice(start, end), bold: true },
    { text: quote.slice(end), bold: false },
  ].filter((run) => run.text.length > 0);
}

/** Embeds for one long text: description chunks, the metadata field on the last one. */
function textEmbeds(chunks: string[], field: { name: string; value: string }, color: number, title?: string): APIEmbed[] {
  if (!chunks.length) chunks = ['\u200b'];
  return chunks.map((description, index) => {
    const embed: APIEmbed = { color, description };
    // Escaping can double a title's length: 120 characters stay under the 256 of an embed title.
    if (index === 0 && title) embed.title = isolate(escapeMarkdown(truncate(title, 120)));
    if (index === chunks.length - 1) embed.fields = [field];
    return embed;
  });
}

/**
 * Pack embeds into messages (≤ 10 embeds and ≤ 6000 embed characters each). The first message
 * gets the content and the buttons.
 */
function packMessages(first: Omit<OutgoingMessage, 'embeds'>, embeds: APIEmbed[]): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [{ ...first, embeds: [] }];
  let used = 0;
  for (const embed of embeds) {
    let current = messages[messages.length - 1]!;
    const size = embedLength(embed);
    if (current.embeds!.length >= LIMITS.embedsPerMessage || (current.embeds!.length > 0 && used + size > LIMITS.embedsTotal)) {
      current = { embeds: [] };
      messages.push(current);
      used = 0;
    }
    current.embeds!.push(embed);
    used += size;
  }
  return messages;
}

function button(customId: string, label: string, style: ButtonStyle = ButtonStyle.Secondary): APIButtonComponent {
  return { type: ComponentType.Button, style, custom_id: customId, label: truncate(label, LIMITS.buttonLabel) } as APIButtonComponent;
}

function row(buttons: APIButtonComponent[]): ButtonRow {
  return { type: ComponentType.ActionRow, components: buttons.slice(0, LIMITS.buttonsPerRow) };
}

// ---------------------------------------------------------------- answers

export interface AnswerView {
  lang: UiLang;
  /** The question as the user wrote it (neutralized), echoed in the header. */
  question: string;
  offset: number;
  k: number;
  /** Key of the question in the bot's LRU, for the More/Previous buttons; null = no paging buttons. */
  questionKey: string | null;
}

export function renderAnswer(answer: Answer, view: AnswerView): OutgoingMessage[] {
  const s = t(view.lang);
  const header = `**${s.questionLabel}:** ${isolate(escapeMarkdown(truncate(view.question, QUESTION_ECHO_CHARS)))}`;
  const shown = answer.confident ? answer.results : answer.results.slice(0, 1);
  const lines = [header];
  if (!shown.length) lines.push(view.offset > 0 ? s.noMoreResults : s.noResults);
  else if (!answer.confident) lines.push(s.notConfident);
  else lines.push(s.resultsHeading(shown[0]!.rank, shown[shown.length - 1]!.rank));
  for (const notice of answer.notices.slice(0, 3)) lines.push(`-# ${escapeMarkdown(truncate(notice, 200))}`);

  const embeds: APIEmbed[] = [];
  for (const result of shown) {
    const color = answer.confident ? COLORS.answer : COLORS.closest;
    const field = {
      name: answer.confident ? s.sourceField(result.rank) : s.closestField,
      value: metadataLines(view.lang, { title: result.title, source: result.source, date: result.date, url: result.url, id: result.passageId }),
    };
    embeds.push(...textEmbeds(chunkRuns(quoteRuns(result), LIMITS.embedDescription), field, color));
  }

  const components: ButtonRow[] = [];
  const fullButtons = shown
    .map((result) => {
      const id = fullId(view.lang, result.passageId);
      return id ? button(id, s.fullPassageButton(result.rank)) : null;
    })
    .filter((b): b is APIButtonComponent => b !== null)
    .filter((b, index, all) => all.findIndex((other) => (other as { custom_id: string }).custom_id === (b as { custom_id: string }).custom_id) === index);
  if (fullButtons.length) components.push(row(fullButtons));
  if (view.questionKey) {
    const step = answer.confident ? view.k : 1;
    const paging: APIButtonComponent[] = [];
    if (view.offset > 0) paging.push(button(moreId(Math.max(0, view.offset - step), view.questionKey), s.previousButton));
    const nextOffset = view.offset + step;
    if (answer.results.length >= view.k && shown.length > 0 && nextOffset <= MAX_OFFSET) {
      paging.push(button(moreId(nextOffset, view.questionKey), s.moreResultsButton, ButtonStyle.Primary));
    }
    if (paging.length) components.push(row(paging));
  }

  return packMessages({ content: truncate(lines.join('\n'), LIMITS.content), components }, embeds);
}

// ---------------------------------------------------------------- /source and "Show full passage"

export function renderPassage(view: PassageView, lang: UiLang): OutgoingMessage[] {
  const s = t(lang);
  const info = view.document;
  const field = {
    name: s.passageTitle(view.ordinal),
    value: metadataLines(lang, { title: info.title, source: info.source, date: info.date, url: info.url, id: view.passageId }),
  };
  const embeds = textEmbeds(chunkText(view.text, LIMITS.embedDescription), field, COLORS.source, info.title);
  return packMessages({}, embeds);
}

export function renderDocument(info: DocumentInfo, opening: string, lang: UiLang): OutgoingMessage[] {
  const s = t(lang);
  const field = {
    name: s.documentField,
    value: metadataLines(lang, {
      title: info.title,
      source: info.source,
      date: info.date,
      url: info.url,
      id: info.docId,
      extra: s.passagesCount(info.passages),
    }),
  };
  const embeds = textEmbeds(chunkText(opening, LIMITS.embedDescription), field, COLORS.source, info.title);
  embeds[0]!.author = { name: s.openingTitle };
  return packMessages({}, embeds);
}

// ---------------------------------------------------------------- /sources

function sourcesPageCount(documentCount: number): number {
  return Math.max(1, Math.ceil(documentCount / SOURCES_PER_PAGE));
}

export function renderSourcesPage(documents: readonly DocumentInfo[], requestedPage: number, lang: UiLang): OutgoingMessage {
  const s = t(lang);
  if (!documents.length) return { content: s.noDocuments, embeds: [], components: [] };
  const pages = sourcesPageCount(documents.length);
  // The corpus can shrink after /reindex: an old button's page is clamped, not refused.
  const page = Math.min(Math.max(1, requestedPage), pages);
  const first = (page - 1) * SOURCES_PER_PAGE;
  const lines = documents.slice(first, first + SOURCES_PER_PAGE).map((doc, index) => {
    const byline = [
      isolate(`\`${truncate(doc.docId, 80).replace(/`/g, "'")}\``, LRI),
      doc.source ? isolate(escapeMarkdown(truncate(doc.source, 60))) : null,
      dateOnly(doc.date),
    ]
      .filter(Boolean)
      .join(' · ');
    return `**${first + index + 1}.** ${isolate(escapeMarkdown(truncate(doc.title, 100)))}\n${byline}`;
  });
  const descriptions: string[] = [''];
  for (const line of lines) {
    const current = descriptions[descriptions.length - 1]!;
    const next = current ? `${current}\n${line}` : line;
    if (next.length > LIMITS.embedDescription) descriptions.push(line);
    else descriptions[descriptions.length - 1] = next;
  }
  const embeds: APIEmbed[] = descriptions.map((description, index) => ({
    color: COLORS.source,
    description,
    ...(index === 0 ? { title: s.sourcesTitle } : {}),
    ...(index === descriptions.length - 1 ? { footer: { text: s.sourcesFooter(page, pages, documents.length) } } : {}),
  }));
  const buttons: APIButtonComponent[] = [];
  if (page > 1) buttons.push(button(sourcesId(page - 1, lang), s.previousButton));
  if (page < pages) buttons.push(button(sourcesId(page + 1, lang), s.nextButton, ButtonStyle.Primary));
  return { content: '', embeds, components: buttons.length ? [row(buttons)] : [] };
}

// ---------------------------------------------------------------- /help

export function renderHelp(stats: EngineStats, notices: readonly string[], lang: UiLang): OutgoingMessage {
  const order: UiLang[] = lang === 'ar' ? ['ar', 'en'] : ['en', 'ar'];
  const noticeLines = notices.slice(0, 5).map((notice) => `-# ${escapeMarkdown(truncate(notice, 200))}`);
  const shown = { ...stats, model: stats.model ? escapeMarkdown(truncate(stats.model, 100)) : null };
  // Two embeds share the 6000 characters of a message.
  const embeds = order.map((language) => ({
    color: COLORS.help,
    title: t(language).helpTitle,
    description: truncate([t(language).helpBody(shown), ...noticeLines].join('\n'), Math.floor(LIMITS.embedsTotal / 2) - 100),
  }));
  return { content: '', embeds, components: [] };
}

// ---------------------------------------------------------------- plain text

export function textMessage(text: string): OutgoingMessage {
  return { content: truncate(text, LIMITS.content), embeds: [], components: [] };
}
