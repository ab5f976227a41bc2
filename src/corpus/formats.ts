/**
 * Parsers for the article formats users drop into corpus/. Each returns raw article fields; ids,
 * hashes and titles are settled by loadCorpus so every format gets the same treatment.
 */
import matter from 'gray-matter';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

export interface RawArticle {
  id?: string;
  title?: string;
  text: string;
  source?: string;
  url?: string;
  date?: string;
  lang?: string;
}

/** Dates arrive as Date objects (YAML), ISO strings or free text; keep ISO when we can, else the source's text. */
function normalizeDate(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  const text = String(value).trim();
  return text || undefined;
}

function optionalString(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text || undefined;
}

export function parseMarkdown(content: string): RawArticle {
  const parsed = matter(content);
  const data = parsed.data as Record<string, unknown>;
  return {
    title: optionalString(data.title),
    text: parsed.content.replace(/^\n+/, ''),
    source: optionalString(data.source),
    url: optionalString(data.url),
    date: normalizeDate(data.date),
    lang: optionalString(data.lang),
  };
}

/** Block elements whose text forms paragraphs; everything else is inline or boilerplate. */
const BLOCK_SELECTOR = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td';

function blockText(root: { querySelectorAll(selector: string): Iterable<{ textContent: string | null; querySelector(s: string): unknown }> }): string {
  const paragraphs: string[] = [];
  for (const element of root.querySelectorAll(BLOCK_SELECTOR)) {
    // Nested blocks (a <p> inside <li>) would otherwise be emitted twice.
    if (element.querySelector(BLOCK_SELECTOR)) continue;
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push(text);
  }
  return paragraphs.join('\n\n');
}

function meta(document: { querySelector(s: string): { getAttribute(name: string): string | null } | null }, selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const value = document.querySelector(selector)?.getAttribute('content') ?? document.querySelector(selector)?.getAttribute('href');
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

/**
 * Article text from an HTML page: Mozilla Readability (the Firefox reader view's extractor) drops
 * navigation, footers and other boilerplate; paragraphs are kept apart by blank lines.
 */
export function parseHtml(content: string): RawArticle {
  const { document } = parseHTML(content);
  const url = meta(document, ['link[rel="canonical"]', 'meta[property="og:url"]']);
  const date = meta(document, ['meta[property="article:published_time"]', 'meta[name="date"]', 'meta[itemprop="datePublished"]']);
  const source = meta(document, ['meta[property="og:site_name"]', 'meta[name="publisher"]']);
  const lang = document.documentElement?.getAttribute('lang') ?? undefined;
  // Readability mutates the document it is given; parse a second copy for it.
  const article = new Readability(parseHTML(content).document as never).parse();
  let text = '';
  let title = article?.title ?? undefined;
  if (article?.content) {
    text = blockText(parseHTML(`<html><body>${article.content}</body></html>`).document as never);
    if (!text) text = (article.textContent ?? '').trim();
  }
  if (!text) text = blockText(document as never);
  if (!title) title = document.querySelector('title')?.textContent?.trim() || undefined;
  return {
    title,
    text,
    source: source ?? article?.siteName ?? undefined,
    url,
    date: normalizeDate(date ?? article?.publishedTime ?? undefined),
    lang: lang || undefined,
  };
}

/** One JSON object per line, fields as in shared/data/*\/corpus.jsonl; bad lines are reported, not fatal. */
export function parseJsonl(content: string): { articles: RawArticle[]; badLines: number[] } {
  const articles: RawArticle[] = [];
  const badLines: number[] = [];
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (!line) continue;
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      const text = typeof record.text === 'string' ? record.text : '';
      if (!text.trim()) {
        badLines.push(index + 1);
        continue;
      }
      articles.push({
        id: optionalString(record.id),
        title: optionalString(record.title),
        text,
        source: optionalString(record.source),
        url: optionalString(record.url),
        date: normalizeDate(record.date),
        lang: optionalString(record.lang),
      });
    } catch {
      badLines.push(index + 1);
    }
  }
  return { articles, badLines };
}
