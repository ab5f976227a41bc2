/**
 * Reads the articles users drop into corpus/ (.txt, .md with front matter, .html, .jsonl and .jsonl.gz)
 * and the JSONL corpora the eval command takes. A file that cannot be read is skipped with a
 * warning naming it; the rest is indexed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ArticleDocument } from '../types.ts';
import { corpusVocabulary, displayText, hasSuspectLines, repairSwappedLines } from '../text/repair.ts';
import { parseHtml, parseJsonl, parseMarkdown, type RawArticle } from './formats.ts';

export interface SkippedFile {
  origin: string;
  reason: string;
}

export interface LoadedCorpus {
  documents: ArticleDocument[];
  skipped: SkippedFile[];
}

const EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.jsonl', '.jsonl.gz'] as const;

function extensionOf(file: string): string | undefined {
  const lower = file.toLowerCase();
  return EXTENSIONS.find((extension) => lower.endsWith(extension));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string {
  // fatal: true turns invalid UTF-8 into an error instead of silently inserting U+FFFD into quotes.
  return utf8
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
}

export function hashArticle(article: Omit<ArticleDocument, 'contentHash' | 'origin'>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([article.docId, article.title, article.source, article.url, article.date, article.lang, article.text]));
  // A repaired text maps back to the file: the same text from another file is another document.
  if (article.sourceMap) hash.update(JSON.stringify(article.sourceMap));
  return hash.digest('hex').slice(0, 32);
}

const HEADLINE_MAX_CHARS = 140;

/**
 * A plain-text article has no metadata; its title is its headline when it opens with one (a short
 * line without sentence-final punctuation, possibly hard-wrapped over two lines), else its opening
 * words. Titles are display strings, so kashida and wraps are repaired; the text itself is not.
 */
export function titleFromText(text: string, fallback: string): string {
  const lines = text.split('\n');
  let index = 0;
  while (index < lines.length && !lines[index]!.trim()) index++;
  const first = lines[index]?.trim() ?? '';
  if (!first) return fallback;
  const second = lines[index + 1]?.trim() ?? '';
  let candidate = first;
  // A headline wrapped by PDF extraction (كيف سقطت تدمر مرة أخرى في يد / داعش؟) is joined with its next
  // line only when it has no final punctuation and that line is short and ends it as a question: any
  // other short second line may as well be the start of the text.
  if (second && !/[.!?؟:…]$/.test(first) && !/[.!?؟:…]$/.test(candidate) && second.length < 40 && /[؟?]$/.test(second)) {
    candidate = `${first} ${second}`;
  }
  const clean = displayText(candidate).trim();
  if (clean.length <= HEADLINE_MAX_CHARS && !/[.。]$/.test(clean)) return clean;
  const words = displayText(first).split(/\s+/).slice(0, 8).join(' ');
  return `${words}…`;
}

function toDocument(raw: RawArticle, docId: string, origin: string): ArticleDocument {
  const title = raw.title?.trim() || titleFromText(raw.text, docId);
  const base = {
    docId,
    title,
    text: raw.text,
    ...(raw.source ? { source: raw.source } : {}),
    ...(raw.url ? { url: raw.url } : {}),
    ...(raw.date ? { date: raw.date } : {}),
    ...(raw.lang ? { lang: raw.lang } : {}),
  };
  return { ...base, origin, contentHash: hashArticle(base) };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? dir;
    files.push(path.join(parent, entry.name));
  }
  return files.sort();
}

/** Reads one file into zero or more documents; throws with a readable reason when it cannot. */
async function readArticleFile(file: string, origin: string): Promise<{ documents: ArticleDocument[]; warnings: string[] }> {
  const extension = extensionOf(file);
  if (!extension) throw new Error('unsupported file type (use .txt, .md, .html, .jsonl or .jsonl.gz)');
  let bytes: Uint8Array = await readFile(file);
  if (extension === '.jsonl.gz') bytes = gunzipSync(bytes);
  let content: string;
  try {
    content = decode(bytes);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
  const baseId = path.basename(file).slice(0, -extension.length);
  if (extension === '.jsonl' || extension === '.jsonl.gz') {
    const { articles, badLines } = parseJsonl(content);
    const warnings = badLines.length ? [`${badLines.length} unreadable line(s), first at line ${badLines[0]}`] : [];
    const documents = articles.map((article, index) => toDocument(article, article.id ?? `${baseId}-${index + 1}`, origin));
    return { documents, warnings };
  }
  const raw =
    extension === '.md' || extension === '.markdown'
      ? parseMarkdown(content)
      : extension === '.html' || extension === '.htm'
        ? parseHtml(content)
        : { text: content };
  if (!raw.text.trim()) throw new Error('no article text found (empty file)');
  return { documents: [toDocument(raw, baseId, origin)], warnings: [] };
}

/**
 * How many documents the vocabulary that confirms repairs is read from at most (those with lines to
 * repair first, then the corpus in order): enough to hold the common words a split word joins into,
 * and a bounded cost however large the corpus (reading 10,000 news articles takes ~2 s).
 */
const VOCABULARY_DOCUMENTS = 2000;

/**
 * Documents whose lines extraction swapped (text/repair.ts repairSwappedLines) get the repaired
 * text, its source map back to the text as read, and the hash of what is indexed.
 */
function repairDocuments(documents: ArticleDocument[]): ArticleDocument[] {
  const suspects = new Set(documents.filter((document) => hasSuspectLines(document.text)));
  if (!suspects.size) return documents;
  const sample = [...suspects, ...documents.filter((document) => !suspects.has(document))].slice(0, Math.max(VOCABULARY_DOCUMENTS, suspects.size));
  const vocabulary = corpusVocabulary(sample.map((document) => document.text));
  return documents.map((document) => {
    const repaired = suspects.has(document) ? repairSwappedLines(document.text, vocabulary) : null;
    if (!repaired) return document;
    const { contentHash: _hash, origin, ...article } = document;
    const base = { ...article, text: repaired.text, sourceMap: repaired.sourceMap };
    return { ...base, origin, contentHash: hashArticle(base) };
  });
}

/** Loads files (corpus/ or eval corpora) into documents, skipping unreadable ones and duplicate ids. */
export async function loadArticleFiles(files: Array<{ file: string; origin: string }>): Promise<LoadedCorpus> {
  const documents: ArticleDocument[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  for (const { file, origin } of files) {
    try {
      const result = await readArticleFile(file, origin);
      for (const warning of result.warnings) skipped.push({ origin, reason: warning });
      for (const document of result.documents) {
        if (seen.has(document.docId)) {
          skipped.push({ origin, reason: `duplicate document id "${document.docId}" (first one kept)` });
          continue;
        }
        seen.add(document.docId);
        documents.push(document);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
      skipped.push({ origin, reason });
    }
  }
  return { documents: repairDocuments(documents), skipped };
}

export async function loadCorpusDir(dir: string): Promise<LoadedCorpus> {
  let files: string[];
  try {
    files = await listFiles(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { documents: [], skipped: [] };
    throw error;
  }
  const supported: Array<{ file: string; origin: string }> = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const origin = path.relative(dir, file);
    if (/^readme(\.md)?$/i.test(origin)) continue;
    if (extensionOf(file)) supported.push({ file, origin });
    else skipped.push({ origin, reason: 'unsupported file type (use .txt, .md, .html, .jsonl or .jsonl.gz)' });
  }
  const loaded = await loadArticleFiles(supported);
  return { documents: loaded.documents, skipped: [...skipped, ...loaded.skipped] };
}
